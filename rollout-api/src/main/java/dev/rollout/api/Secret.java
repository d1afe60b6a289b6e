package dev.rollout.api;

import java.util.Objects;

/**
 * A secret value (API key, token, password). {@link #toString()} is always {@code ****}, so a
 * secret cannot leak through logs, exception messages or events by accident; only
 * {@link #reveal()} gives the value, at the place it is sent.
 */
public final class Secret {
    private static final String MASK = "****";
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a secret value. */
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The secret value; call only where it is sent, never to log or display. */
    public String reveal() {
        return value;
    }

    /** True when the value is empty or blank. */
    public boolean isBlank() {
        return value.isBlank();
    }

    /** Replaces every occurrence of this secret in {@code text} with {@code ****}. */
    public String redact(String text) {
        if (text == null || value.isEmpty()) {
            return text;
        }
        return text.replace(value, MASK);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
