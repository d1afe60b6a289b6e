package dev.rollout.core.analysis.internal;

import java.time.Duration;

/** Parses metric durations (Go syntax: {@code 30s}, {@code 5m}, {@code 1h30m}; a bare number is seconds). */
final class AnalysisDurations {
    private AnalysisDurations() {
    }

    static Duration parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("must be a duration such as 30s, 5m or 1h, was empty");
        }
        if (s.matches("\\d+(\\.\\d+)?")) {
            return Duration.ofNanos(Math.round(Double.parseDouble(s) * 1e9));
        }
        if (!s.matches("(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+")) {
            throw new IllegalArgumentException(
                    "must be a duration such as 30s, 5m or 1h, was \"" + text + "\"");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)").matcher(s);
        double nanos = 0;
        while (m.find()) {
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
        return Duration.ofNanos(Math.round(nanos));
    }
}
