package dev.rollout.api.model;

/**
 * An absolute count or a percentage of a total, as Kubernetes' {@code IntOrString} for
 * {@code maxSurge} and {@code maxUnavailable}.
 *
 * @param value the number, or the percentage when {@code percent}
 * @param percent whether {@code value} is a percentage
 */
public record IntOrPercent(int value, boolean percent) {
    public IntOrPercent {
        if (value < 0) {
            throw new IllegalArgumentException("value must not be negative, was " + value);
        }
    }

    /** An absolute count. */
    public static IntOrPercent of(int value) {
        return new IntOrPercent(value, false);
    }

    /** A percentage. */
    public static IntOrPercent percent(int value) {
        return new IntOrPercent(value, true);
    }

    /** Resolves against {@code total}: a percentage rounds up when {@code roundUp}, else down. */
    public int resolve(int total, boolean roundUp) {
        if (!percent) {
            return value;
        }
        long scaled = (long) total * value;
        return (int) (roundUp ? (scaled + 99) / 100 : scaled / 100);
    }

    @Override
    public String toString() {
        return percent ? value + "%" : Integer.toString(value);
    }
}
