package dev.rollout.core.judge;

import java.util.Optional;

/** How the size of a change is measured against the allowed and critical thresholds. */
public enum EffectSizeMeasure {
    /** Canary mean over baseline mean (1.0 = unchanged); undefined (NaN) when either mean is 0. */
    MEAN_RATIO("meanRatio", 1.0),
    /** Common language effect size: the share of pairs where the canary is higher (0.5 = unchanged). */
    CLES("cles", 0.5);

    private final String yamlName;
    private final double neutral;

    EffectSizeMeasure(String yamlName, double neutral) {
        this.yamlName = yamlName;
        this.neutral = neutral;
    }

    /** The name as written in YAML: {@code meanRatio} or {@code cles}. */
    public String yamlName() {
        return yamlName;
    }

    /** The value of no change, the default of every threshold (Kayenta's defaults). */
    public double neutral() {
        return neutral;
    }

    /** The measure named {@code text} (case-insensitive). */
    public static Optional<EffectSizeMeasure> fromYaml(String text) {
        for (EffectSizeMeasure m : values()) {
            if (m.yamlName.equalsIgnoreCase(text.trim())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
