package dev.rollout.core.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Encodes a key into a file name that is safe on every common file system: lower-case letters,
 * digits, {@code -} and {@code _} stay, everything else (upper case too, for case-insensitive
 * file systems, and {@code .} so no name is hidden or {@code ..}) becomes {@code %XX} of its
 * UTF-8 bytes. Long names are cut and end with a hash of the key, staying under 255 bytes.
 */
final class StateFileNames {
    static final String SUFFIX = ".json";
    private static final int MAX_ENCODED = 180;
    private static final int KEPT_PREFIX = 120;

    private StateFileNames() {
    }

    static String fileName(String key) {
        String encoded = encode(key);
        if (encoded.length() <= MAX_ENCODED) {
            return encoded + SUFFIX;
        }
        int cut = KEPT_PREFIX;
        // Never cut inside a %XX escape.
        while (encoded.charAt(cut - 1) == '%' || encoded.charAt(cut - 2) == '%') {
            cut--;
        }
        return encoded.substring(0, cut) + "~" + sha256(key) + SUFFIX;
    }

    static boolean isStateFile(String fileName) {
        return fileName.endsWith(SUFFIX) && !fileName.startsWith(".");
    }

    private static String encode(String key) {
        StringBuilder out = new StringBuilder(key.length() + 16);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String sha256(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
