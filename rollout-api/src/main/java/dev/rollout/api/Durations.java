package dev.rollout.api;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Parses durations as Argo Rollouts writes them: Go's {@code time.ParseDuration} syntax
 * ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 1.5h}; units {@code ns},
 * {@code us}/{@code µs}, {@code ms}, {@code s}, {@code m}, {@code h}), plus a bare number meaning
 * seconds ({@code 30}), as Argo accepts for pause durations. Negative durations, ISO-8601
 * ({@code PT5M}) and durations longer than Go's int64 nanoseconds (about 292 years) are rejected
 * with a message naming the value. The one duration grammar of every rollout module; thread-safe.
 */
public final class Durations {
    private static final Map<String, BigDecimal> NANOS_PER_UNIT = Map.of(
            "ns", BigDecimal.ONE,
            "us", BigDecimal.valueOf(1_000L),
            "µs", BigDecimal.valueOf(1_000L),
            "μs", BigDecimal.valueOf(1_000L),
            "ms", BigDecimal.valueOf(1_000_000L),
            "s", BigDecimal.valueOf(1_000_000_000L),
            "m", BigDecimal.valueOf(60_000_000_000L),
            "h", BigDecimal.valueOf(3_600_000_000_000L));
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);
    /** Go's limit: a duration is an int64 of nanoseconds (about 292 years). */
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private Durations() {
    }

    /**
     * Parses {@code text}, where a bare number means seconds (as Argo's pause durations).
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    public static Duration parse(String text) {
        return parse(text, true);
    }

    /**
     * Parses {@code text} in Go's syntax only, where every number needs a unit except {@code 0}
     * (as Argo's {@code DurationString} fields: {@code interval}, {@code initialDelay}, ...).
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    public static Duration parseGo(String text) {
        return parse(text, false);
    }

    private static Duration parse(String text, boolean bareSeconds) {
        Objects.requireNonNull(text, "text");
        String s = text.strip();
        if (s.isEmpty()) {
            throw invalid(text, "empty");
        }
        if (s.startsWith("-")) {
            throw invalid(text, "must not be negative");
        }
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.startsWith("P") || s.startsWith("p")) {
            throw invalid(text, "ISO-8601 is not accepted; write it as Argo does, for example 5m or 1h30m");
        }
        if (isNumber(s) && (bareSeconds || new BigDecimal(s).signum() == 0)) {
            return toDuration(text, new BigDecimal(s).multiply(NANOS_PER_SECOND));
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(numberStart, i);
            if (!isNumber(number)) {
                throw invalid(text, number.isEmpty()
                        ? "expected a number at \"" + s.substring(numberStart) + "\""
                        : "\"" + number + "\" is not a number");
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            BigDecimal perUnit = NANOS_PER_UNIT.get(unit);
            if (perUnit == null) {
                throw invalid(text, unit.isEmpty()
                        ? "missing unit after " + number + " (use ns, us, ms, s, m or h)"
                        : "unknown unit \"" + unit + "\" (use ns, us, ms, s, m or h)");
            }
            nanos = nanos.add(new BigDecimal(number).multiply(perUnit));
        }
        return toDuration(text, nanos);
    }

    /** Formats {@code duration} the way Go prints it, for example {@code 1h30m0s} or {@code 250ms}. */
    public static String format(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            long nanos = duration.toNanos();
            return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms" : nanos + "ns";
        }
        StringBuilder out = new StringBuilder();
        if (duration.toHours() > 0) {
            out.append(duration.toHours()).append('h');
        }
        if (duration.toHours() > 0 || duration.toMinutesPart() > 0) {
            out.append(duration.toMinutesPart()).append('m');
        }
        BigDecimal seconds = BigDecimal.valueOf(duration.toSecondsPart())
                .add(BigDecimal.valueOf(duration.toNanosPart(), 9)).stripTrailingZeros();
        return out.append(seconds.toPlainString()).append('s').toString();
    }

    /**
     * Formats {@code duration} in its largest whole unit, for example {@code 5m}, {@code 90s} or
     * {@code 1500ms}, as messages and query parameters that want one short token do; it parses back.
     */
    public static String formatCompact(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.equals(".")) {
            return false;
        }
        int dots = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots <= 1;
    }

    private static Duration toDuration(String text, BigDecimal nanos) {
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw invalid(text, "too long (at most about 292 years)");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid duration \"" + text + "\": " + why);
    }
}
