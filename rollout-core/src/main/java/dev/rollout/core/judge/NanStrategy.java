package dev.rollout.core.judge;

/** What happens to NaN (and infinite) values of a series before it is judged. */
public sealed interface NanStrategy {

    /** Drops them; a series left empty is no data (Kayenta's default). */
    record Remove() implements NanStrategy {
    }

    /** Replaces each by {@code value} (Kayenta replaces by 0); a series with nothing at all still passes. */
    record Replace(double value) implements NanStrategy {
        public Replace {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("replacement must be finite, was " + value);
            }
        }
    }

    /** Drop non-finite values. */
    static NanStrategy remove() {
        return new Remove();
    }

    /** Replace non-finite values by {@code value}. */
    static NanStrategy replace(double value) {
        return new Replace(value);
    }
}
