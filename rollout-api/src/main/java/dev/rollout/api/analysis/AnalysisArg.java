package dev.rollout.api.analysis;

import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import java.util.Objects;
import java.util.Optional;

/**
 * An argument declared by a template ({@code spec.args[]}): a default {@code value}, a value from a
 * secret ({@code valueFrom.secretKeyRef}), or neither, which makes it required.
 *
 * @param name the name used as {@code {{args.name}}}
 * @param value the default value, if any
 * @param secretKeyRef where a secret value comes from, if any
 */
public record AnalysisArg(String name, Optional<String> value, Optional<SecretKeyRef> secretKeyRef) {
    public AnalysisArg {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(secretKeyRef, "secretKeyRef");
    }

    /** A required argument without a default. */
    public static AnalysisArg required(String name) {
        return new AnalysisArg(name, Optional.empty(), Optional.empty());
    }

    /** An argument with a default value. */
    public static AnalysisArg of(String name, String value) {
        return new AnalysisArg(name, Optional.of(value), Optional.empty());
    }

    /** Whether the template itself gives no value, so the rollout must. */
    public boolean isRequired() {
        return value.isEmpty() && secretKeyRef.isEmpty();
    }
}
