package dev.rollout.api.analysis;

import java.util.Locale;
import java.util.Optional;

/**
 * What a measurement becomes when the provider returned no data and a condition cannot be
 * evaluated on a nil {@code result} (our extension to Argo; Argo always makes it an Error).
 * Conditions that do evaluate on no data ({@code default(result, 0) < 0.05},
 * {@code isNil(result) || ...}) decide as usual whatever the policy.
 */
public enum NoDataPolicy {
    /** The measurement is an Error (Argo's behaviour, the default). */
    ERROR,
    /** The measurement is Inconclusive. */
    INCONCLUSIVE,
    /** The measurement is Failed. */
    FAIL,
    /** The measurement is Successful. */
    PASS;

    /** The name as written in YAML: {@code error}, {@code inconclusive}, {@code fail}, {@code pass}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a YAML name; empty when it is not one of the four. */
    public static Optional<NoDataPolicy> fromYaml(String text) {
        for (NoDataPolicy policy : values()) {
            if (policy.yamlName().equals(text)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
