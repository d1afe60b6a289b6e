package dev.rollout.http;

import dev.rollout.api.Durations;
import dev.rollout.api.InvalidSpecException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads and checks provider properties ({@code datadog.readTimeout=10s}); every message starts
 * with the full key, so a {@code validate()} that gathers them names each setting.
 */
public final class Settings {
    private Settings() {
    }

    /** {@code text}, or null when it is absent or blank (a blank property means "use the default"). */
    public static String value(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** {@code text} as an Argo/Go duration ({@link Durations#parseGo}), or {@code fallback} when absent. */
    public static Duration duration(String key, String text, Duration fallback) {
        if (value(text) == null) {
            return fallback;
        }
        try {
            return Durations.parseGo(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    /** {@code text} as an integer, or {@code fallback} when absent. */
    public static int integer(String key, String text, int fallback) {
        if (value(text) == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not an integer: '" + text + "'", e);
        }
    }

    /** {@code duration} when it is above zero. */
    public static Duration positive(String key, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(key + ": must be positive, was " + Durations.formatCompact(duration));
        }
        return duration;
    }

    /** {@code duration} when it is zero or more. */
    public static Duration notNegative(String key, Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException(key + ": must not be negative");
        }
        return duration;
    }

    /** {@code value} when it is at least {@code minimum}. */
    public static int atLeast(String key, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(key + ": must be at least " + minimum + ", was " + value);
        }
        return value;
    }

    /**
     * Throws the problems of a provider's {@code validate()} as one spec error, each problem's
     * {@code key: } prefix becoming its field ({@code fallbackField} for a problem without one).
     *
     * @param source how the error names the configuration, for example {@code <datadog config>}
     */
    public static void requireValid(String source, String fallbackField, List<String> problems) {
        if (problems.isEmpty()) {
            return;
        }
        throw new InvalidSpecException(problems.stream().map(p -> {
            int colon = p.indexOf(": ");
            return colon < 0 ? new InvalidSpecException.SpecProblem(source, 0, fallbackField, p)
                    : new InvalidSpecException.SpecProblem(source, 0, p.substring(0, colon), p.substring(colon + 2));
        }).toList());
    }

    /** Reads {@code setting}, adding its message to {@code problems} when it is bad. */
    public static void check(List<String> problems, Supplier<?> setting) {
        try {
            setting.get();
        } catch (RuntimeException e) {
            problems.add(e.getMessage());
        }
    }
}
