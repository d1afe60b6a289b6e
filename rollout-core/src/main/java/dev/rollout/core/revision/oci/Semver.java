package dev.rollout.core.revision.oci;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Semantic Version 2.0.0 ({@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}, optionally with a
 * leading {@code v} as image tags often have), ordered by precedence exactly as semver.org
 * section 11 defines it: build metadata is ignored, a prerelease is lower than its release,
 * numeric identifiers compare numerically and below alphanumeric ones, which compare in ASCII
 * order, and a longer list of identifiers wins when all before are equal. Immutable.
 *
 * <p>{@link #equals(Object)} compares the text as parsed (so {@code 1.0.0+a} and {@code 1.0.0+b}
 * differ) while {@link #compareTo(Semver)} compares precedence (they are equal there).
 */
public final class Semver implements Comparable<Semver> {
    private final String text;
    private final long major;
    private final long minor;
    private final long patch;
    private final List<String> prerelease;
    private final String build;

    Semver(String text, long major, long minor, long patch, List<String> prerelease, String build) {
        this.text = text;
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.prerelease = List.copyOf(prerelease);
        this.build = build;
    }

    /**
     * Parses a strict semantic version with an optional leading {@code v} or {@code V}.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static Semver parse(String text) {
        Objects.requireNonNull(text, "text");
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException("'" + text + "' is not a semantic version: " + problem);
        }
        return build(text);
    }

    /** The version {@code text} names, or empty when it is not a strict semantic version. */
    public static Optional<Semver> tryParse(String text) {
        return text == null || problem(text) != null ? Optional.empty() : Optional.of(build(text));
    }

    private static Semver build(String text) {
        String s = stripV(text);
        int plus = s.indexOf('+');
        String build = plus < 0 ? "" : s.substring(plus + 1);
        String main = plus < 0 ? s : s.substring(0, plus);
        int dash = main.indexOf('-');
        String core = dash < 0 ? main : main.substring(0, dash);
        List<String> pre = dash < 0 ? List.of() : List.of(main.substring(dash + 1).split("\\.", -1));
        String[] parts = core.split("\\.", -1);
        return new Semver(text, Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                Long.parseLong(parts[2]), pre, build);
    }

    private static String stripV(String text) {
        return text.startsWith("v") || text.startsWith("V") ? text.substring(1) : text;
    }

    /** What makes {@code text} not a semantic version, or null when it is one. */
    private static String problem(String text) {
        String s = stripV(text);
        int plus = s.indexOf('+');
        if (plus >= 0) {
            String bad = identifiers(s.substring(plus + 1), false, "build metadata");
            if (bad != null) {
                return bad;
            }
            s = s.substring(0, plus);
        }
        int dash = s.indexOf('-');
        if (dash >= 0) {
            String bad = identifiers(s.substring(dash + 1), true, "prerelease");
            if (bad != null) {
                return bad;
            }
            s = s.substring(0, dash);
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 3) {
            return "expected MAJOR.MINOR.PATCH, found " + parts.length + " part" + (parts.length == 1 ? "" : "s");
        }
        String[] names = {"major", "minor", "patch"};
        for (int i = 0; i < 3; i++) {
            String bad = number(parts[i], names[i]);
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    private static String number(String part, String name) {
        if (part.isEmpty() || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return name + " '" + part + "' is not a number";
        }
        if (part.length() > 1 && part.charAt(0) == '0') {
            return name + " '" + part + "' has a leading zero";
        }
        if (part.length() > 18) {
            return name + " '" + part + "' is too large";
        }
        return null;
    }

    static String identifiers(String list, boolean numericRules, String what) {
        for (String id : list.split("\\.", -1)) {
            if (id.isEmpty()) {
                return what + " '" + list + "' has an empty identifier";
            }
            for (int i = 0; i < id.length(); i++) {
                char c = id.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-')) {
                    return what + " '" + list + "' holds '" + c + "'; only [0-9A-Za-z-] and '.' are allowed";
                }
            }
            if (numericRules && isNumeric(id) && id.length() > 1 && id.charAt(0) == '0') {
                return what + " identifier '" + id + "' is numeric with a leading zero";
            }
        }
        return null;
    }

    static boolean isNumeric(String id) {
        return !id.isEmpty() && id.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The major version. */
    public long major() {
        return major;
    }

    /** The minor version. */
    public long minor() {
        return minor;
    }

    /** The patch version. */
    public long patch() {
        return patch;
    }

    /** The prerelease identifiers, empty for a release. */
    public List<String> prerelease() {
        return prerelease;
    }

    /** True when this version has prerelease identifiers. */
    public boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    /** The build metadata without the {@code +}, empty when there is none; ignored for precedence. */
    public String build() {
        return build;
    }

    /** Precedence per semver.org section 11; build metadata is ignored. */
    @Override
    public int compareTo(Semver other) {
        int c = Long.compare(major, other.major);
        if (c == 0) {
            c = Long.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, other.patch);
        }
        return c != 0 ? c : comparePrerelease(prerelease, other.prerelease);
    }

    static int comparePrerelease(List<String> a, List<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            // A release outranks any of its prereleases.
            return Boolean.compare(a.isEmpty(), b.isEmpty());
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareIdentifier(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareIdentifier(String x, String y) {
        boolean nx = isNumeric(x);
        boolean ny = isNumeric(y);
        if (nx && ny) {
            // Compare by length first so identifiers longer than a long still order correctly.
            int c = Integer.compare(x.length(), y.length());
            return c != 0 ? c : x.compareTo(y);
        }
        if (nx != ny) {
            return nx ? -1 : 1;
        }
        return x.compareTo(y);
    }

    /** The normalized form, {@code MAJOR.MINOR.PATCH[-PRERELEASE]}, without {@code v} or build. */
    public String normalized() {
        String core = major + "." + minor + "." + patch;
        return prerelease.isEmpty() ? core : core + "-" + String.join(".", prerelease);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Semver other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The text as parsed, for example {@code v1.2.3}. */
    @Override
    public String toString() {
        return text;
    }
}
