package dev.rollout.api;

import java.util.Objects;

/**
 * A secret value (API key, token, password). {@link #toString()} is always {@code ****}, so a
 * secret cannot leak through logs, exception messages or events by accident; only
 * {@link #reveal()} gives the value, at the place it is sent.
 */
public final class Secret {
    /** The length from which a secret is redacted even inside a longer word. */
    public static final int MIN_EMBEDDED_LENGTH = 4;
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

    /**
     * Replaces this secret in {@code text} with {@code ****}. A secret of
     * {@value #MIN_EMBEDDED_LENGTH} or more characters is replaced wherever it occurs. A shorter one
     * is replaced only where it stands alone: the whole text, or an occurrence with no letter or
     * digit right before or after it (a header value, {@code key=x&}, the end of a message). The
     * reason: replacing every {@code x} inside {@code ConnectException} makes the message
     * unreadable and, worse, shows the reader which characters the secret is; where a value that
     * short is sent on its own it is still masked, and embedded in a longer word it is
     * indistinguishable from ordinary text (and too short to protect anything by itself).
     */
    public String redact(String text) {
        if (text == null || value.isEmpty()) {
            return text;
        }
        if (value.length() >= MIN_EMBEDDED_LENGTH) {
            return text.replace(value, MASK);
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        int at = text.indexOf(value);
        while (at >= 0) {
            int end = at + value.length();
            if (standsAlone(text, at, end)) {
                out.append(text, from, at).append(MASK);
                from = end;
                at = text.indexOf(value, end);
            } else {
                at = text.indexOf(value, at + 1);
            }
        }
        return out.append(text, from, text.length()).toString();
    }

    private static boolean standsAlone(String text, int start, int end) {
        boolean before = start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1));
        boolean after = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
        return before && after;
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
