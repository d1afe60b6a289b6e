package dev.rollout.core.judge;

import java.util.Locale;
import java.util.Optional;

/** Which change of a metric fails a canary: an increase (latency, errors), a decrease (throughput), or either. */
public enum Direction {
    /** Only a canary higher than the baseline is a failure (High). */
    INCREASE,
    /** Only a canary lower than the baseline is a failure (Low). */
    DECREASE,
    /** A change either way is a failure. */
    EITHER;

    /** The name as written in YAML: {@code increase}, {@code decrease} or {@code either}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The direction named {@code text}, any case. */
    public static Optional<Direction> fromYaml(String text) {
        for (Direction d : values()) {
            if (d.yamlName().equalsIgnoreCase(text.trim())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
