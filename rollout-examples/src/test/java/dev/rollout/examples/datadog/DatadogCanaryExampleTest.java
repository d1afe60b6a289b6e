package dev.rollout.examples.datadog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Datadog example refuses bad arguments and settings with exit 64 and one line, no trace. */
class DatadogCanaryExampleTest {
    private static int run(ByteArrayOutputStream err, Map<String, String> env, String... args) {
        return DatadogCanaryExample.main(args, env, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void tooManyArgumentsExitWith64AndTheUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = run(err, Map.of(), "errors", "hits", "extra");

        assertThat(code).isEqualTo(64);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("DatadogCanaryExample: expected at most 2 queries, got 3 arguments")
                .contains(DatadogCanaryExample.USAGE);
    }

    @Test
    void aBadDatadogSiteExitsWith64NamingTheSetting() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = run(err, Map.of("DD_API_KEY", "api-key-0123456789", "DD_APP_KEY", "app-key-0123456789",
                "DD_SITE", "not a site!"));

        assertThat(code).isEqualTo(64);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("error: <datadog config>: datadog.site: not a site name or URL: 'not a site!'")
                .doesNotContain("\tat ").doesNotContain("api-key-0123456789").doesNotContain("app-key-0123456789");
    }
}
