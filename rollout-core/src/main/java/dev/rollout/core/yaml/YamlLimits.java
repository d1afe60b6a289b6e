package dev.rollout.core.yaml;

/**
 * Bounds on the YAML that {@link YamlFiles} reads, so that no file, however large, deep or
 * repetitive, can exhaust memory or the stack or take long: every file reader of the project
 * (specs, service configs, scripted metrics) goes through them. Exceeding one is a problem naming
 * the file (and line), never an exception. Immutable.
 *
 * @param maxFileBytes the largest file read, in bytes (UTF-8), default {@value #DEFAULT_MAX_FILE_BYTES}
 *     (4 MiB), or the system property {@code rollout.yaml.maxFileBytes}
 * @param maxLineLength the longest line read, in characters, default
 *     {@value #DEFAULT_MAX_LINE_LENGTH} (256 KiB, Kubernetes' limit for all of an object's
 *     annotations together); the YAML scanner's cost grows with the square of a line's length
 * @param maxNestingDepth the deepest nesting of mappings and lists, default
 *     {@value #DEFAULT_MAX_NESTING_DEPTH}
 */
public record YamlLimits(long maxFileBytes, int maxLineLength, int maxNestingDepth) {
    /** The default largest file, 4 MiB. */
    public static final long DEFAULT_MAX_FILE_BYTES = 4L * 1024 * 1024;
    /** The default longest line, 256 KiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 256 * 1024;
    /** The default deepest nesting. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 100;
    /** The system property that overrides {@link #DEFAULT_MAX_FILE_BYTES} in {@link #defaults()}. */
    public static final String MAX_FILE_BYTES_PROPERTY = "rollout.yaml.maxFileBytes";

    public YamlLimits {
        if (maxFileBytes < 1 || maxFileBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxFileBytes must be 1.." + Integer.MAX_VALUE
                    + ", was " + maxFileBytes);
        }
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be positive, was " + maxLineLength);
        }
        if (maxNestingDepth < 1) {
            throw new IllegalArgumentException("maxNestingDepth must be positive, was " + maxNestingDepth);
        }
    }

    /**
     * The defaults, with {@code maxFileBytes} taken from the system property
     * {@value #MAX_FILE_BYTES_PROPERTY} when it is set to a positive number.
     */
    public static YamlLimits defaults() {
        long bytes = DEFAULT_MAX_FILE_BYTES;
        String property = System.getProperty(MAX_FILE_BYTES_PROPERTY);
        if (property != null) {
            try {
                bytes = Long.parseLong(property.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(MAX_FILE_BYTES_PROPERTY + " must be a number of"
                        + " bytes, was \"" + property + "\"");
            }
        }
        return new YamlLimits(bytes, DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_NESTING_DEPTH);
    }

    /** A copy with another largest file size. */
    public YamlLimits withMaxFileBytes(long bytes) {
        return new YamlLimits(bytes, maxLineLength, maxNestingDepth);
    }

    /** A copy with another longest line. */
    public YamlLimits withMaxLineLength(int characters) {
        return new YamlLimits(maxFileBytes, characters, maxNestingDepth);
    }

    /** A copy with another deepest nesting. */
    public YamlLimits withMaxNestingDepth(int depth) {
        return new YamlLimits(maxFileBytes, maxLineLength, depth);
    }
}
