package dev.rollout.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.TargetException;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.k8s.cluster.KubernetesClusterTarget;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesConnectionTest {
    private final FakeKubeApiServer east = FakeKubeApiServer.start();
    private final FakeKubeApiServer west = FakeKubeApiServer.start();

    @AfterEach
    void close() {
        east.close();
        west.close();
    }

    private Path kubeconfig(Path dir) throws IOException {
        Path file = dir.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                current-context: east
                clusters:
                - name: east
                  cluster: {server: "%s"}
                - name: west
                  cluster: {server: "%s"}
                users:
                - name: deployer
                  user: {token: not-a-real-token}
                contexts:
                - name: east
                  context: {cluster: east, user: deployer}
                - name: west
                  context: {cluster: west, user: deployer}
                """.formatted(east.url(), west.url()));
        return file;
    }

    @Test
    void aKubeconfigContextPicksItsClusterAndCredentials(@TempDir Path dir) throws IOException {
        Path file = kubeconfig(dir);

        KubernetesConnection connection = KubernetesConnection.fromKubeconfig("west", file, "west");
        KubernetesClusterTarget.of(connection).observe(new WorkloadRef("shop", "web"));

        assertThat(connection.client().getBasePath()).isEqualTo(west.url());
        assertThat(connection.client().getHttpClient().readTimeoutMillis()).isEqualTo(10_000);
        assertThat(connection.watchClient().getHttpClient().readTimeoutMillis()).isZero();
        assertThat(west.requests().all()).hasSize(1);
        assertThat(east.requests().all()).isEmpty();
        assertThat(KubernetesConnection.fromKubeconfig("default", file, null).client()
                .getBasePath()).isEqualTo(east.url());
    }

    @Test
    void anUnknownContextIsNamed(@TempDir Path dir) throws IOException {
        Path file = kubeconfig(dir);

        assertThatThrownBy(() -> KubernetesConnection.fromKubeconfig("x", file, "north"))
                .isInstanceOf(TargetException.class).hasMessageContaining("context 'north'");
        assertThatThrownBy(() -> KubernetesConnection.fromKubeconfig("x", dir.resolve("nope"),
                null)).isInstanceOf(TargetException.class).hasMessageContaining("cannot be read");
    }

    @Test
    void aHangingServerEndsInATargetExceptionAfterTheReadTimeout() {
        KubernetesConnection connection = KubernetesConnection.of("east", east.apiClient(),
                Duration.ofMillis(300), Duration.ofSeconds(1));
        east.faults().on("GET", ".*").times(1).hang(Duration.ofSeconds(5));

        long start = System.nanoTime();
        // One attempt: this is about the read timeout, not the retries (KubernetesFaultsTest).
        assertThatThrownBy(() -> KubernetesClusterTarget.builder(connection)
                .retryPolicy(dev.rollout.k8s.RetryPolicy.builder().maxAttempts(1).build()).build()
                .observe(new WorkloadRef("shop", "web")))
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("get deployments.apps/v1 shop/web failed");
        // the 5 s hang was cut short by the 300 ms read timeout
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
}
