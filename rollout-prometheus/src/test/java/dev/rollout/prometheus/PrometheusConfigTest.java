package dev.rollout.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rollout.api.InvalidSpecException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration's defaults, its checks (all at once) and Argo's environment variable. */
class PrometheusConfigTest {

    private static PrometheusConfig config(Map<String, String> props) {
        return props::get;
    }

    @Test
    void defaults() {
        PrometheusConfig config = config(Map.of());

        assertThat(config.address()).isEmpty();
        assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.maxRetries()).isEqualTo(3);
        assertThat(config.windowAlignment()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.rateLimitMaxWait()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.maxResponseMegabytes()).isEqualTo(10);
        assertThat(config.nanAsNoData()).isTrue();
        assertThat(config.validate()).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsKey() {
        PrometheusConfig config = config(Map.of("prometheus.address", "ftp://x", "prometheus.callTimeout", "0s",
                "prometheus.maxRetries", "many", "prometheus.nanAsNoData", "maybe", "prometheus.username", "ops"));

        assertThat(config.validate()).containsExactlyInAnyOrder(
                "prometheus.address: must be an http:// or https:// URL, was 'ftp://x'",
                "prometheus.password: is required with prometheus.username",
                "prometheus.callTimeout: must be positive, was 0s",
                "prometheus.maxRetries: not an integer: 'many'",
                "prometheus.nanAsNoData: must be true or false, was 'maybe'");
        Throwable thrown = catchThrowable(() -> new PrometheusMetricProvider(config));
        assertThat(thrown).isInstanceOf(InvalidSpecException.class).hasMessageContaining("prometheus.maxRetries");
    }

    @Test
    void credentialsNeedTheAddressTheyAreFor() {
        assertThat(config(Map.of("prometheus.bearerToken", "t0ken-value")).validate())
                .containsExactly("prometheus.bearerToken: needs prometheus.address, the only address the credentials are sent to");
    }

    @Test
    void theAddressFallsBackToArgosVariable() {
        PrometheusConfig config = PrometheusConfig.fromEnvironment(
                Map.of("ARGO_ROLLOUTS_PROMETHEUS_ADDRESS", "http://prometheus.monitoring:9090/"));

        assertThat(config.address()).hasValue("http://prometheus.monitoring:9090");
        assertThat(PrometheusConfig.withEnvironmentFallback(config(Map.of("prometheus.address", "http://mine:9090")),
                Map.of("ARGO_ROLLOUTS_PROMETHEUS_ADDRESS", "http://theirs:9090")).address()).hasValue("http://mine:9090");
    }
}
