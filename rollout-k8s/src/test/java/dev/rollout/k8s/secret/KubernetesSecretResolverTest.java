package dev.rollout.k8s.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.Secret;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KubernetesSecretResolverTest {
    private final FakeKubeApiServer server = FakeKubeApiServer.start();
    private final KubernetesSecretResolver resolver =
            new KubernetesSecretResolver(KubernetesConnection.of("c", server.apiClient()));

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void decodesDataValuesAndNeverShowsThem() {
        String encoded = Base64.getEncoder().encodeToString(
                "dd-api-key-ünicode".getBytes(StandardCharsets.UTF_8));
        server.create("v1", "secrets", "shop", """
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"datadog","namespace":"shop"},
                 "data":{"api-key":"%s"}}
                """.formatted(encoded));

        Secret secret = resolver.resolve("shop", "datadog", "api-key").orElseThrow();

        assertThat(secret.reveal()).isEqualTo("dd-api-key-ünicode");
        assertThat(secret.toString()).isEqualTo("****");
        assertThat(resolver.resolve("shop", "datadog", "app-key")).isEmpty();
        assertThat(resolver.resolve("shop", "missing", "api-key")).isEmpty();
        assertThat(resolver.resolve("other", "datadog", "api-key")).isEmpty();
    }
}
