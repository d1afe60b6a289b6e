package dev.rollout.k8s.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.MockClock;
import dev.rollout.api.model.Revision;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import dev.rollout.k8s.fake.JobOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobHookRunnerTest {
    static final HookJob MIGRATION = new HookJob("""
            {"metadata":{"name":"db-migrate"},
             "spec":{"backoffLimit":0,"template":{"spec":{"restartPolicy":"Never",
               "containers":[{"name":"migrate","image":"{{revision.image}}",
                              "args":["migrate","--to","{{revision.id}}"]}]}}}}
            """, Duration.ofMinutes(5));
    static final Revision V2 = new Revision("v2", Map.of("image", "registry.example/web:2"));

    private final MockClock clock = new MockClock();
    private final FakeKubeApiServer server = FakeKubeApiServer.start(clock);
    private final JobHookRunner runner =
            new JobHookRunner(KubernetesConnection.of("c", server.apiClient()), clock);
    private final Instant started = clock.instant();

    @AfterEach
    void close() {
        server.close();
    }

    private HookStatus check() {
        return runner.check("shop", MIGRATION, "shop/web", V2, started);
    }

    @Test
    void aSucceedingJobGatesUntilItCompletes() {
        assertThat(check()).isInstanceOf(HookStatus.Running.class);
        assertThat(check()).isInstanceOf(HookStatus.Running.class);
        server.tick(3);

        assertThat(check()).isInstanceOf(HookStatus.Succeeded.class);
        assertThat(server.requests().matching("POST", ".*/jobs")).hasSize(1);
        var job = server.get("batch/v1", "jobs", "shop",
                JobHookRunner.jobName(MIGRATION, "shop/web", V2, started)).orElseThrow();
        var container = job.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("image").asText()).isEqualTo("registry.example/web:2");
        assertThat(container.path("args").get(2).asText()).isEqualTo("v2");
        assertThat(job.path("spec").path("activeDeadlineSeconds").asInt()).isEqualTo(300);
        assertThat(job.path("metadata").path("labels").path("rollouts.dev/managed-by").asText())
                .isEqualTo("rollout");
    }

    @Test
    void aFailingJobReportsKubernetesReason() {
        server.jobs().whenImage("registry.example/web:2",
                JobOutcome.failAfter(1, "relation users already exists"));

        check();
        server.tick(3);

        assertThat(check()).isInstanceOfSatisfying(HookStatus.Failed.class, failed ->
                assertThat(failed.reason()).contains("relation users already exists"));
    }

    @Test
    void aJobRunningPastItsTimeoutFails() {
        server.jobs().whenImage("registry.example/web:2", JobOutcome.succeedAfter(1000));
        check();
        server.tick(2);
        clock.add(Duration.ofMinutes(4));
        assertThat(check()).isInstanceOf(HookStatus.Running.class);

        clock.add(Duration.ofMinutes(1));
        assertThat(check()).isInstanceOfSatisfying(HookStatus.Failed.class, failed ->
                assertThat(failed.reason()).contains("timed out after PT5M"));
    }

    @Test
    void aRetriedRolloutGetsANewJobWhileARestartFindsTheSameOne() {
        String first = JobHookRunner.jobName(MIGRATION, "shop/web", V2, started);
        String again = JobHookRunner.jobName(MIGRATION, "shop/web", V2, started);
        String retried = JobHookRunner.jobName(MIGRATION, "shop/web", V2,
                started.plusSeconds(60));

        assertThat(again).isEqualTo(first).startsWith("db-migrate-");
        assertThat(retried).isNotEqualTo(first);
    }

    @Test
    void badTemplatesAndUnknownPlaceholdersAreSpecErrors() {
        assertThatThrownBy(() -> new HookJob("{\"spec\":{}}", Duration.ofMinutes(1)))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("metadata.name");
        HookJob unknown = new HookJob("""
                {"metadata":{"name":"x"},"spec":{"template":{"spec":{"containers":[
                  {"name":"c","image":"{{revision.chart}}"}]}}}}
                """, Duration.ofMinutes(1));
        assertThatThrownBy(() -> unknown.render(V2))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("revision.chart");
    }
}
