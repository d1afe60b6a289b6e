package dev.rollout.core.judge;

/** A metric's verdict, Kayenta's labels. */
public enum Classification {
    /** No change that matters. */
    PASS("Pass"),
    /** The canary is higher than the baseline beyond the tolerance and effect size. */
    HIGH("High"),
    /** The canary is lower than the baseline beyond the tolerance and effect size. */
    LOW("Low"),
    /** A side had no data; not counted in group scores (unless too many metrics have none). */
    NODATA("Nodata"),
    /** A side had no data and the metric must have data: counted as a failure. */
    NODATA_FAIL("NodataFail"),
    /** The metric could not be judged. */
    ERROR("Error");

    private final String label;

    Classification(String label) {
        this.label = label;
    }

    /** The label shown in messages, for example {@code High}. */
    public String label() {
        return label;
    }
}
