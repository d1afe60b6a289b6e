package dev.rollout.prometheus;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.rollout.api.Secret;
import dev.rollout.core.testkit.SecretScan;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Basic and bearer credentials reach the right host only, and never a message, a log or a toString. */
class PrometheusAuthTest extends PrometheusTestBase {
    private static final String PASSWORD = "prom-password-SECRET-4711";
    private static final String TOKEN = "prom-token-SECRET-0815";
    private static final String BASIC = Base64.getEncoder()
            .encodeToString(("grafana:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    @RegisterExtension
    static final SecretScan SCAN = SecretScan.of(PASSWORD, TOKEN, BASIC);

    @Test
    void basicAuthFromASecretArgIsSentAsAnAuthorizationHeader() throws Exception {
        answerJson(vector("1"));
        Map<String, Object> block = block("up", "authentication",
                Map.of("basicAuth", Map.of("username", "grafana", "password", PASSWORD)));

        provider().measure(request(block, Secret.of(PASSWORD))).get(10, TimeUnit.SECONDS);

        server.verify(postRequestedFor(urlPathEqualTo("/api/v1/query"))
                .withHeader("Authorization", equalTo("Basic " + BASIC)));
    }

    @Test
    void aBearerTokenInAHeaderIsSentAndRedactedFromAnEchoingError() {
        answer(status(401, "{\"status\":\"error\",\"error\":\"token " + TOKEN + " expired\"}"));
        Map<String, Object> block = block("up", "headers",
                List.of(Map.of("key", "Authorization", "value", "Bearer " + TOKEN)));

        // The token is not marked secret by the request: an Authorization value is redacted anyway.
        String message = failure(provider().measure(request(block))).getMessage();

        SCAN.check(message);
        assertThat(message).contains("HTTP 401").doesNotContain(TOKEN);
        server.verify(postRequestedFor(urlPathEqualTo("/api/v1/query"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aBasicAuthPasswordEchoedInAnErrorIsRedactedInEveryForm() {
        answer(status(400, "{\"status\":\"error\",\"error\":\"bad " + PASSWORD + " / " + BASIC + "\"}"));
        Map<String, Object> block = block("up", "authentication",
                Map.of("basicAuth", Map.of("username", "grafana", "password", PASSWORD)));

        String message = failure(provider().measure(request(block))).getMessage();

        SCAN.check(message);
        assertThat(message).doesNotContain(PASSWORD).doesNotContain(BASIC).contains("****");
    }

    @Test
    void configuredCredentialsGoToTheConfiguredAddressOnlyNeverToABlocksOtherAddress() throws Exception {
        WireMockServer other = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        other.start();
        try {
            props.put("prometheus.address", server.baseUrl());
            props.put("prometheus.bearerToken", TOKEN);
            answerJson(vector("1"));
            other.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/api/v1/query"))
                    .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(vector("2"))));

            measure(Map.of("query", "up"));
            measure(Map.of("query", "up", "address", other.baseUrl()));

            server.verify(postRequestedFor(urlPathEqualTo("/api/v1/query"))
                    .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
            other.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/query")).withHeader("Authorization", absent()));
            SCAN.check(provider());
            assertThat(provider().toString()).doesNotContain(TOKEN);
        } finally {
            other.stop();
        }
    }

    @Test
    void aBlocksOwnAuthorizationReplacesTheConfiguredOne() throws Exception {
        props.put("prometheus.address", server.baseUrl());
        props.put("prometheus.username", "ops");
        props.put("prometheus.password", PASSWORD);
        answerJson(vector("1"));

        measure(Map.of("query", "up", "headers", List.of(Map.of("key", "Authorization", "value", "Bearer " + TOKEN))));

        server.verify(1, postRequestedFor(urlPathEqualTo("/api/v1/query"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }
}
