package dev.rollout.core.revision.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A version constraint with the syntax and meaning of Masterminds/semver, the library Helm and
 * Argo CD use: comparators {@code = != > >= < <=} (and the aliases {@code => =<}), ANDed when
 * separated by spaces or commas and ORed by {@code ||}; tilde ({@code ~1.2.3} is
 * {@code >=1.2.3 <1.3.0}, {@code ~1} is {@code >=1.0.0 <2.0.0}; {@code ~>} is an alias), caret
 * ({@code ^1.2.3} is {@code >=1.2.3 <2.0.0}, {@code ^0.2.3} is {@code >=0.2.3 <0.3.0},
 * {@code ^0.0.3} is {@code =0.0.3}), wildcards ({@code 1.2.x}, {@code 1.*}, {@code *}; a bare
 * partial version {@code 1.2} means {@code ~1.2}) and hyphen ranges ({@code 1.2 - 1.4.5} is
 * {@code >=1.2 <=1.4.5}, where a partial upper bound includes its whole range). Prereleases match
 * only when a comparator in the same {@code ||} group names a prerelease ({@code >=1.2.3-0} admits
 * them, {@code >=1.2.3} does not). Immutable and thread-safe.
 *
 * <p>Stricter than Masterminds in two places, both errors there or silently odd: a number after a
 * wildcard ({@code 1.x.3}) and an operator before a hyphen range ({@code >=1 - 2}) are rejected.
 */
public final class SemverConstraint {
    private static final List<String> OPERATORS = List.of("!=", ">=", "<=", "=>", "=<", "~>", "=", ">", "<", "~", "^");

    private static final SemverConstraint ANY = parse("*");

    private final String text;
    private final List<List<Comparison>> groups;

    private SemverConstraint(String text, List<List<Comparison>> groups) {
        this.text = text;
        this.groups = groups;
    }

    /**
     * Parses a constraint.
     *
     * @throws IllegalArgumentException naming the constraint, the 1-based position and the problem
     */
    public static SemverConstraint parse(String constraint) {
        Objects.requireNonNull(constraint, "constraint");
        return new SemverConstraint(constraint, new Parser(constraint).groups());
    }

    /** The constraint {@code *}: every release, no prerelease. */
    public static SemverConstraint any() {
        return ANY;
    }

    /** True when {@code version} satisfies the constraint. */
    public boolean matches(Semver version) {
        Objects.requireNonNull(version, "version");
        for (List<Comparison> group : groups) {
            boolean includePre = group.stream().anyMatch(c -> c.version().isPrerelease());
            if (group.stream().allMatch(c -> c.matches(version, includePre))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SemverConstraint other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The constraint as written. */
    @Override
    public String toString() {
        return text;
    }

    /** A hand-written scanner, so every error can name the position it stopped at. */
    private static final class Parser {
        private final String s;
        private int at;

        Parser(String s) {
            this.s = s;
        }

        List<List<Comparison>> groups() {
            List<List<Comparison>> groups = new ArrayList<>();
            while (true) {
                groups.add(group());
                skipSpace();
                if (at == s.length()) {
                    return List.copyOf(groups);
                }
                if (!s.startsWith("||", at)) {
                    throw error("expected a space, ',' or '||' between comparators");
                }
                at += 2;
            }
        }

        private List<Comparison> group() {
            List<Comparison> group = new ArrayList<>();
            skipSpace();
            if (at == s.length() || s.startsWith("||", at)) {
                throw error(group.isEmpty() && at == s.length() && s.isBlank()
                        ? "the constraint is empty" : "expected a comparator");
            }
            while (true) {
                comparator(group);
                int before = at;
                skipSpace();
                boolean comma = at < s.length() && s.charAt(at) == ',';
                if (comma) {
                    at++;
                    skipSpace();
                }
                if (at == s.length() || s.startsWith("||", at)) {
                    if (comma) {
                        throw error("expected a comparator after ','");
                    }
                    return List.copyOf(group);
                }
                if (!comma && before == at) {
                    throw error("expected a space, ',' or '||' between comparators");
                }
            }
        }

        private void comparator(List<Comparison> group) {
            int start = at;
            if (at < s.length() && s.charAt(at) == '|') {
                throw error("a single '|'; OR is written '||'");
            }
            String op = "";
            for (String candidate : OPERATORS) {
                if (s.startsWith(candidate, at)) {
                    op = candidate;
                    at += candidate.length();
                    break;
                }
            }
            skipSpace();
            Partial lower = partial();
            int afterLower = at;
            skipSpace();
            if (at > afterLower && at + 1 < s.length() && s.charAt(at) == '-' && Character.isWhitespace(s.charAt(at + 1))) {
                if (!op.isEmpty()) {
                    throw error(start, "an operator cannot precede a hyphen range");
                }
                at++;
                skipSpace();
                Partial upper = partial();
                group.add(lower.comparison(">=", ">=" + lower.text));
                group.add(upper.comparison("<=", "<=" + upper.text));
                return;
            }
            at = afterLower;
            String normalized = switch (op) {
                case "", "=" -> "=";
                case "=>" -> ">=";
                case "=<" -> "<=";
                case "~>" -> "~";
                default -> op;
            };
            group.add(lower.comparison(normalized, s.substring(start, at).strip()));
        }

        private Partial partial() {
            int start = at;
            if (at < s.length() && (s.charAt(at) == 'v' || s.charAt(at) == 'V')) {
                at++;
            }
            long[] parts = new long[3];
            int given = 0;
            int wildFrom = -1;
            while (given < 3) {
                int partStart = at;
                if (at < s.length() && "xX*".indexOf(s.charAt(at)) >= 0) {
                    at++;
                    if (wildFrom < 0) {
                        wildFrom = given;
                    }
                } else {
                    while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
                        at++;
                    }
                    if (at == partStart) {
                        throw error(given == 0 ? "expected a version" : "expected a number or x after '.'");
                    }
                    if (wildFrom >= 0) {
                        throw error(partStart, "a number cannot follow a wildcard");
                    }
                    if (at - partStart > 18) {
                        throw error(partStart, "the number is too large");
                    }
                    parts[given] = Long.parseLong(s.substring(partStart, at));
                }
                given++;
                if (given < 3 && at + 1 < s.length() && s.charAt(at) == '.') {
                    at++;
                } else {
                    break;
                }
            }
            List<String> pre = List.of();
            if (at < s.length() && s.charAt(at) == '-' && (at + 1 == s.length() || !Character.isWhitespace(s.charAt(at + 1)))) {
                int preStart = ++at;
                String ids = identifiers();
                String bad = Semver.identifiers(ids, true, "prerelease");
                if (bad != null) {
                    throw error(preStart, bad);
                }
                pre = List.of(ids.split("\\.", -1));
            }
            if (at < s.length() && s.charAt(at) == '+') {
                int buildStart = ++at;
                String bad = Semver.identifiers(identifiers(), false, "build metadata");
                if (bad != null) {
                    throw error(buildStart, bad);
                }
            }
            if (at < s.length() && !Character.isWhitespace(s.charAt(at)) && s.charAt(at) != ','
                    && s.charAt(at) != '|') {
                throw error("unexpected '" + s.charAt(at) + "' in version");
            }
            int wild = wildFrom < 0 ? given : wildFrom;
            Semver v = new Semver(s.substring(start, at), wild > 0 ? parts[0] : 0, wild > 1 ? parts[1] : 0,
                    wild > 2 ? parts[2] : 0, pre, "");
            return new Partial(s.substring(start, at), v, wild);
        }

        private String identifiers() {
            int start = at;
            while (at < s.length() && (Character.isLetterOrDigit(s.charAt(at)) || s.charAt(at) == '-'
                    || s.charAt(at) == '.')) {
                at++;
            }
            return s.substring(start, at);
        }

        private void skipSpace() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
        }

        private IllegalArgumentException error(String problem) {
            return error(at, problem);
        }

        private IllegalArgumentException error(int position, String problem) {
            return new IllegalArgumentException("invalid semver constraint '" + s + "' at position "
                    + (position + 1) + ": " + problem);
        }
    }

    /** A version in a constraint, {@code exact} of its three parts given before any wildcard. */
    private record Partial(String text, Semver version, int exact) {
        Comparison comparison(String op, String comparatorText) {
            return new Comparison(op, version, exact < 3, exact == 1, exact == 2, comparatorText);
        }
    }
}
