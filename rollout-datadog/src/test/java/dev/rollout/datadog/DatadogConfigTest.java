package dev.rollout.datadog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatadogConfigTest {
    private final Map<String, String> props = new HashMap<>(Map.of(
            "datadog.apiKey", "k1", "datadog.applicationKey", "k2"));
    private final DatadogConfig config = props::get;

    @Test
    void everySettingHasItsDocumentedDefault() {
        assertThat(config.site()).isEqualTo("datadoghq.com");
        assertThat(config.baseUrl()).isEqualTo("https://api.datadoghq.com");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.callTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.maxResponseMegabytes()).isEqualTo(10);
        assertThat(config.maxRetries()).isEqualTo(3);
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.retryBackoffMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.rateLimitReserve()).isEqualTo(10);
        assertThat(config.rateLimitMaxWait()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.defaultApiVersion()).isEqualTo("v1");
        assertThat(config.defaultInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.pointSelection()).isEqualTo(PointSelection.LAST_COMPLETE);
        assertThat(config.windowAlignment()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.ingestionDelay()).isEqualTo(Duration.ZERO);
        assertThat(config.validate()).isEmpty();
    }

    @Test
    void sitesByNameOrByUrl() {
        Map<String, String> expected = Map.of(
                "datadoghq.com", "https://api.datadoghq.com",
                "datadoghq.eu", "https://api.datadoghq.eu",
                "us3.datadoghq.com", "https://api.us3.datadoghq.com",
                "us5.datadoghq.com", "https://api.us5.datadoghq.com",
                "ap1.datadoghq.com", "https://api.ap1.datadoghq.com",
                "ddog-gov.com", "https://api.ddog-gov.com",
                "app.datadoghq.eu", "https://api.datadoghq.eu",
                "api.datadoghq.eu", "https://api.datadoghq.eu",
                "http://127.0.0.1:8080/proxy/", "http://127.0.0.1:8080/proxy");
        expected.forEach((site, url) -> {
            props.put("datadog.site", site);
            assertThat(config.baseUrl()).as(site).isEqualTo(url);
        });
    }

    @Test
    void validateReportsEveryProblemAtOnceNamingTheKeys() {
        Map<String, String> bad = new HashMap<>(Map.of(
                "datadog.site", "not a site", "datadog.readTimeout", "soon", "datadog.maxRetries", "-1",
                "datadog.defaultApiVersion", "v3", "datadog.pointSelection", "first",
                "datadog.windowAlignment", "10 parsecs", "datadog.rateLimitReserve", "many"));
        bad.put("datadog.callTimeout", "0s");
        bad.put("datadog.maxResponseMegabytes", "0");
        DatadogConfig broken = bad::get;

        assertThat(broken.validate()).hasSize(11).anySatisfy(p -> assertThat(p).startsWith("datadog.apiKey: is required"))
                .anySatisfy(p -> assertThat(p).startsWith("datadog.applicationKey: is required"))
                .anySatisfy(p -> assertThat(p).startsWith("datadog.site:"))
                .anySatisfy(p -> assertThat(p).startsWith("datadog.readTimeout: invalid duration \"soon\""))
                .anySatisfy(p -> assertThat(p).startsWith("datadog.maxRetries: must be at least 0"))
                .anySatisfy(p -> assertThat(p).startsWith("datadog.defaultApiVersion: must be v1 or v2"))
                .anySatisfy(p -> assertThat(p).startsWith("datadog.pointSelection: must be last-complete or last"))
                .anySatisfy(p -> assertThat(p).startsWith("datadog.windowAlignment:"))
                .anySatisfy(p -> assertThat(p).startsWith("datadog.rateLimitReserve: not an integer"))
                .anySatisfy(p -> assertThat(p).startsWith("datadog.callTimeout: must be positive"))
                .anySatisfy(p -> assertThat(p).startsWith("datadog.maxResponseMegabytes: must be at least 1"));
        assertThatThrownBy(() -> new DatadogMetricProvider(broken)).isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).problems()).hasSize(11));
    }

    @Test
    void theEnvironmentUsesArgoRolloutsVariableNames() {
        DatadogConfig env = DatadogConfig.fromEnvironment(Map.of(
                "DD_API_KEY", "from-env-1", "DD_APP_KEY", "from-env-2", "DD_ADDRESS", "https://api.datadoghq.eu"));

        assertThat(env.apiKey().reveal()).isEqualTo("from-env-1");
        assertThat(env.applicationKey().reveal()).isEqualTo("from-env-2");
        assertThat(env.baseUrl()).isEqualTo("https://api.datadoghq.eu");
        assertThat(env.validate()).isEmpty();
        assertThat(DatadogConfig.fromEnvironment(Map.of("DD_SITE", "us5.datadoghq.com")).baseUrl())
                .isEqualTo("https://api.us5.datadoghq.com");
    }

    @Test
    void explicitSettingsWinOverTheEnvironment() {
        props.put("datadog.site", "datadoghq.eu");
        DatadogConfig layered = DatadogConfig.withEnvironmentFallback(config,
                Map.of("DD_API_KEY", "env", "DD_APP_KEY", "env-app", "DD_ADDRESS", "https://api.ddog-gov.com"));

        assertThat(layered.apiKey().reveal()).isEqualTo("k1");
        assertThat(layered.baseUrl()).isEqualTo("https://api.datadoghq.eu");
        props.remove("datadog.applicationKey");
        assertThat(layered.applicationKey().reveal()).isEqualTo("env-app");
    }

    @Test
    void missingEnvironmentNamesTheVariables() {
        assertThatThrownBy(() -> DatadogMetricProvider.fromEnvironment(Map.of()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("DD_API_KEY").hasMessageContaining("DD_APP_KEY");
    }

    @Test
    void durationsAreWrittenAsInArgo() {
        props.put("datadog.readTimeout", "1m30s");
        props.put("datadog.connectTimeout", "2s");
        props.put("datadog.retryBackoff", "250ms");
        props.put("datadog.retryBackoffMax", "45s");

        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.retryBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.retryBackoffMax()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void isoBareSecondsNegativeAndOverflowingDurationsAreRefusedNamingKeyAndValue() {
        props.put("datadog.connectTimeout", "PT5M");
        props.put("datadog.retryBackoffMax", "45");
        props.put("datadog.readTimeout", "-5s");
        props.put("datadog.defaultInterval", "3000000h");

        assertThatThrownBy(config::connectTimeout)
                .hasMessageContaining("datadog.connectTimeout").hasMessageContaining("\"PT5M\"")
                .hasMessageContaining("ISO-8601 is not accepted");
        assertThatThrownBy(config::retryBackoffMax)
                .hasMessageContaining("datadog.retryBackoffMax").hasMessageContaining("missing unit after 45");
        assertThatThrownBy(config::readTimeout)
                .hasMessageContaining("datadog.readTimeout").hasMessageContaining("must not be negative");
        assertThatThrownBy(config::defaultInterval)
                .hasMessageContaining("datadog.defaultInterval").hasMessageContaining("\"3000000h\": too long");
    }
}
