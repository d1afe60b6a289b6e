package dev.rollout.core.revision.oci;

/**
 * One comparator of a {@link SemverConstraint}, with Masterminds/semver's semantics: a partial
 * version ({@code 1.2}, {@code 1.x}, {@code *}) is "dirty", its missing parts wildcards, and each
 * operator treats the wildcards as that library does (for example {@code >1.2} needs 1.3.0 or
 * higher, {@code <=1.2} allows every 1.2.x, a bare {@code 1.2} is {@code ~1.2}).
 *
 * @param op the operator, normalized ({@code =>} is {@code >=}, {@code ~>} is {@code ~})
 * @param version the version with wildcards replaced by zero
 * @param dirty true when any part was a wildcard or missing
 * @param minorDirty true when the minor part (and so the patch) was a wildcard or missing
 * @param patchDirty true when only the patch part was a wildcard or missing
 * @param text the comparator as written, for messages
 */
record Comparison(String op, Semver version, boolean dirty, boolean minorDirty, boolean patchDirty,
        String text) {

    /** True when {@code v} satisfies this comparator; {@code includePre} admits prereleases. */
    boolean matches(Semver v, boolean includePre) {
        if (v.isPrerelease() && !includePre) {
            return false;
        }
        return switch (op) {
            case "=" -> dirty ? tilde(v) : v.compareTo(version) == 0;
            case "!=" -> notEqual(v);
            case ">" -> greater(v);
            case "<" -> v.compareTo(version) < 0;
            case ">=" -> v.compareTo(version) >= 0;
            case "<=" -> lessOrEqual(v);
            case "~" -> tilde(v);
            case "^" -> caret(v);
            default -> throw new IllegalStateException("unknown operator " + op);
        };
    }

    private boolean anyMajor() {
        return dirty && !minorDirty && !patchDirty;
    }

    private boolean notEqual(Semver v) {
        if (dirty) {
            if (version.major() != v.major()) {
                return true;
            }
            if (minorDirty) {
                return false;
            }
            if (version.minor() != v.minor()) {
                return true;
            }
            if (patchDirty) {
                // Within the wildcard range only a differing prerelease sets a version apart.
                return (v.isPrerelease() || version.isPrerelease())
                        && Semver.comparePrerelease(v.prerelease(), version.prerelease()) != 0;
            }
        }
        return v.compareTo(version) != 0;
    }

    private boolean greater(Semver v) {
        if (!dirty || anyMajor() && v.major() == version.major()) {
            return v.compareTo(version) > 0;
        }
        if (v.major() != version.major()) {
            return v.major() > version.major();
        }
        // >11 needs 12 or higher; >11.1 needs 11.2 or higher.
        return patchDirty && v.minor() > version.minor();
    }

    private boolean lessOrEqual(Semver v) {
        if (!dirty) {
            return v.compareTo(version) <= 0;
        }
        if (v.major() > version.major()) {
            return false;
        }
        return !(v.major() == version.major() && v.minor() > version.minor() && !minorDirty);
    }

    private boolean tilde(Semver v) {
        if (v.compareTo(version) < 0) {
            return false;
        }
        // ~*, and ~0.0.0 as Masterminds reads it, admit every version.
        if (version.major() == 0 && version.minor() == 0 && version.patch() == 0
                && !minorDirty && !patchDirty) {
            return true;
        }
        if (v.major() != version.major()) {
            return false;
        }
        return minorDirty || v.minor() == version.minor();
    }

    private boolean caret(Semver v) {
        if (anyMajor()) {
            // ^* is documented by Masterminds as "any"; follow the documentation.
            return v.compareTo(version) >= 0;
        }
        if (v.compareTo(version) < 0) {
            return false;
        }
        if (version.major() > 0 || minorDirty) {
            return v.major() == version.major();
        }
        if (v.major() > 0) {
            return false;
        }
        if (version.minor() > 0 || patchDirty) {
            return v.minor() == version.minor();
        }
        return v.minor() == 0 && v.patch() == version.patch();
    }

    @Override
    public String toString() {
        return text;
    }
}
