package dev.rollout.prometheus.internal;

import java.util.Locale;
import okhttp3.HttpUrl;

/** Checks and normalizes Prometheus base URLs ({@code http://host:9090}, a path prefix allowed). */
public final class Addresses {
    private Addresses() {
    }

    /**
     * The address without a trailing slash.
     *
     * @throws IllegalArgumentException saying what is wrong, never echoing credentials in the URL
     */
    public static String normalize(String address) {
        String trimmed = address.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            throw new IllegalArgumentException("must be an http:// or https:// URL, was '" + shown(trimmed) + "'");
        }
        HttpUrl url = HttpUrl.parse(trimmed);
        if (url == null || url.host().isEmpty()) {
            throw new IllegalArgumentException("not a valid URL: '" + shown(trimmed) + "'");
        }
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw new IllegalArgumentException("must not carry credentials (user:password@); use "
                    + "authentication.basicAuth with a secret arg instead");
        }
        if (url.query() != null || url.fragment() != null) {
            throw new IllegalArgumentException("must not have a query or fragment, was '" + trimmed + "'");
        }
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** The URL with anything before an {@code @} in its authority masked. */
    private static String shown(String text) {
        int scheme = text.indexOf("://");
        int at = text.indexOf('@');
        int slash = scheme < 0 ? -1 : text.indexOf('/', scheme + 3);
        if (scheme >= 0 && at > scheme && (slash < 0 || at < slash)) {
            return text.substring(0, scheme + 3) + "****@" + text.substring(at + 1);
        }
        return text;
    }
}
