package dev.rollout.k8s.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.model.RolloutPhase;
import dev.rollout.core.crash.CrashSuite;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash suite on the Kubernetes state store: the fake API server runs in this process and the
 * killed child saves its state to it over loopback; the resumed engine reads it back from there.
 * Fewer seeds than the file store's (each child also starts the Kubernetes client):
 * {@code -Dcrash.k8s.seeds=N}, default 30.
 */
class KubernetesStoreCrashResumeTest {
    private static final int SEEDS = Integer.getInteger("crash.k8s.seeds", 30);

    @TempDir
    Path dir;

    @Test
    void everyCrashPointResumesFromTheConfigMapStore() throws Exception {
        try (FakeKubeApiServer server = FakeKubeApiServer.start()) {
            Files.writeString(dir.resolve("kubeconfig"), server.kubeconfig("default"));
            List<CrashSuite.Outcome> outcomes = new CrashSuite(CrashStores.class).runSeeds(dir, SEEDS);
            List<CrashSuite.Outcome> failed = outcomes.stream().filter(o -> !o.survived()).toList();
            System.out.println("Crash and resume (Kubernetes store): " + (outcomes.size() - failed.size())
                    + " of " + outcomes.size() + " crash points survived");
            assertThat(failed).as("crash points that did not resume as the uninterrupted run").isEmpty();
            assertThat(outcomes).extracting(CrashSuite.Outcome::kind).contains("write", "save");
            assertThat(outcomes).extracting(CrashSuite.Outcome::expected)
                    .contains(RolloutPhase.Healthy, RolloutPhase.Degraded);
            // The state really went through the API server.
            assertThat(server.requests().matching("PUT", ".*/configmaps/.*")).isNotEmpty();
        }
    }
}
