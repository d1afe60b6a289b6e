package dev.rollout.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
            "30s, 30000",
            "5m, 300000",
            "1h, 3600000",
            "1h30m, 5400000",
            "250ms, 250",
            "30, 30000",
            "0, 0",
            "0s, 0",
            "1.5h, 5400000",
            "2m30s, 150000",
            "1h0m10s, 3610000",
            "2000us, 2",
            "3000µs, 3",
            "2000000ns, 2",
            "'  10s ', 10000",
            "+5s, 5000",
            "0.5, 500",
    })
    void parses(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "''       | invalid duration \"\": empty",
            "5x       | invalid duration \"5x\": unknown unit \"x\" (use ns, us, ms, s, m or h)",
            "-5s      | invalid duration \"-5s\": must not be negative",
            "s        | invalid duration \"s\": expected a number at \"s\"",
            "1h30     | invalid duration \"1h30\": missing unit after 30 (use ns, us, ms, s, m or h)",
            "1..5s    | invalid duration \"1..5s\": \"1..5\" is not a number",
            "five     | invalid duration \"five\": expected a number at \"five\"",
            "1 h      | invalid duration \"1 h\": unknown unit \" h\" (use ns, us, ms, s, m or h)",
            "999999999h | invalid duration \"999999999h\": too long (at most about 292 years)",
            "3000000h | invalid duration \"3000000h\": too long (at most about 292 years)",
            "PT5M     | invalid duration \"PT5M\": ISO-8601 is not accepted; write it as Argo does, for example 5m or 1h30m",
            "-1h      | invalid duration \"-1h\": must not be negative",
    })
    void rejectsNamingTheValue(String text, String message) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0} formats as {1}")
    @CsvSource({
            "0, 0s",
            "250, 250ms",
            "30000, 30s",
            "90000, 1m30s",
            "5400000, 1h30m0s",
            "1500, 1.5s",
    })
    void formatsLikeGo(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "Go syntax: {0} = {1} ms")
    @CsvSource({"30s, 30000", "0, 0", "1h30m, 5400000", "250ms, 250"})
    void parsesGoSyntax(String text, long millis) {
        assertThat(Durations.parseGo(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "Go syntax rejects {0}")
    @CsvSource(delimiter = '|', value = {
            "30    | invalid duration \"30\": missing unit after 30 (use ns, us, ms, s, m or h)",
            "1.5   | invalid duration \"1.5\": missing unit after 1.5 (use ns, us, ms, s, m or h)",
    })
    void goSyntaxNeedsAUnit(String text, String message) {
        assertThatThrownBy(() -> Durations.parseGo(text)).hasMessage(message);
    }

    @ParameterizedTest(name = "{0} ms formats compactly as {1}")
    @CsvSource({"0, 0s", "250, 250ms", "1500, 1500ms", "90000, 90s", "300000, 5m", "7200000, 2h"})
    void formatsCompactly(long millis, String text) {
        assertThat(Durations.formatCompact(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parseGo(text)).isEqualTo(Duration.ofMillis(millis));
    }
}
