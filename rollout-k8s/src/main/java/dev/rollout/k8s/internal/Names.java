package dev.rollout.k8s.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Derives valid, deterministic object names and label values from free-form ids. */
public final class Names {
    private static final Pattern LABEL_VALUE =
            Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_LABEL = 63;

    private Names() {
    }

    /**
     * A label value for an id: the id itself when it is a valid label value, otherwise a
     * sanitised prefix plus a hash of the whole id, so distinct ids never collide.
     */
    public static String labelValue(String id) {
        if (id.length() <= MAX_LABEL && LABEL_VALUE.matcher(id).matches()) {
            return id;
        }
        String clean = id.replaceAll("[^-A-Za-z0-9_.]", "-");
        return joinHashed(clean, id, MAX_LABEL);
    }

    /**
     * A DNS-1123 label (lowercase, at most 63 characters) made of {@code prefix-id}; a hash of
     * the id replaces what does not fit or is not allowed.
     */
    public static String dnsLabel(String prefix, String id) {
        String plain = (prefix + "-" + id).toLowerCase(Locale.ROOT);
        if (plain.length() <= MAX_LABEL && DNS_LABEL.matcher(plain).matches()
                && id.equals(id.toLowerCase(Locale.ROOT))) {
            return plain;
        }
        String clean = plain.replaceAll("[^-a-z0-9]", "-");
        return joinHashed(clean, prefix + "\u0000" + id, MAX_LABEL);
    }

    private static String joinHashed(String clean, String original, int max) {
        String hash = hash(original);
        int keep = Math.max(0, max - hash.length() - 1);
        String head = clean.length() > keep ? clean.substring(0, keep) : clean;
        head = head.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
        return head.isEmpty() ? hash : head + "-" + hash;
    }

    /** The first 10 hex digits of the SHA-256 of a string. */
    public static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
