package dev.rollout.prometheus.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as Argo writes them ({@code 5m}, {@code 1h30m}, {@code 500ms}, Go syntax), plus ISO-8601. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private Durations() {
    }

    /**
     * Parses {@code text}: Go durations ({@code 90s}, {@code 1h30m}), a bare number of seconds, or
     * ISO-8601 ({@code PT5M}).
     *
     * @throws IllegalArgumentException naming the text when it is not a duration
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration");
        }
        String trimmed = text.trim();
        if (NUMBER.matcher(trimmed).matches()) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
            try {
                return Duration.parse(trimmed);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not a duration: '" + text + "'");
            }
        }
        Matcher m = PART.matcher(trimmed);
        int position = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (m.find() && m.start() == position) {
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            position = m.end();
        }
        if (position != trimmed.length() || position == 0) {
            throw new IllegalArgumentException("not a duration: '" + text
                    + "' (use for example 30s, 5m, 1h30m)");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** Formats a duration the way Argo users write it: {@code 5m}, {@code 90s}, {@code 1500ms}. */
    public static String format(Duration duration) {
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

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }
}
