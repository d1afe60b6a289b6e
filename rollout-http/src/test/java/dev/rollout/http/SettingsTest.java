package dev.rollout.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void durationsUseTheOneArgoGrammarAndNameTheKey() {
        assertThat(Settings.duration("p.readTimeout", "1m30s", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(Settings.duration("p.readTimeout", "  ", Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
        assertThatThrownBy(() -> Settings.duration("p.readTimeout", "PT5M", null))
                .hasMessage("p.readTimeout: invalid duration \"PT5M\": ISO-8601 is not accepted;"
                        + " write it as Argo does, for example 5m or 1h30m");
        assertThatThrownBy(() -> Settings.duration("p.readTimeout", "3000000h", null))
                .hasMessage("p.readTimeout: invalid duration \"3000000h\": too long (at most about 292 years)");
        assertThatThrownBy(() -> Settings.duration("p.readTimeout", "-1s", null))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> Settings.duration("p.readTimeout", "30", null))
                .hasMessageContaining("missing unit after 30");
    }

    @Test
    void checksGatherEveryProblem() {
        List<String> problems = new ArrayList<>();
        Settings.check(problems, () -> Settings.positive("p.a", Duration.ZERO));
        Settings.check(problems, () -> Settings.atLeast("p.b", -1, 0));
        Settings.check(problems, () -> Settings.integer("p.c", "x", 1));
        Settings.check(problems, () -> Settings.notNegative("p.d", Duration.ofSeconds(-1)));
        Settings.check(problems, () -> Settings.positive("p.e", Duration.ofSeconds(1)));

        assertThat(problems).containsExactly("p.a: must be positive, was 0s", "p.b: must be at least 0, was -1",
                "p.c: not an integer: 'x'", "p.d: must not be negative");
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        long now = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
        assertThat(RetryAfter.seconds("120", now)).hasValue(120);
        assertThat(RetryAfter.seconds("Thu, 01 Jan 2026 00:01:00 GMT", now)).hasValue(60);
        assertThat(RetryAfter.seconds("Wed, 31 Dec 2025 23:00:00 GMT", now)).hasValue(0);
        assertThat(RetryAfter.seconds("soon", now)).isEmpty();
        assertThat(RetryAfter.seconds(null, now)).isEmpty();
        assertThat(RetryAfter.number(" 42 ")).isEqualTo(OptionalLong.of(42));
        assertThat(RetryAfter.number("x")).isEmpty();
    }
}
