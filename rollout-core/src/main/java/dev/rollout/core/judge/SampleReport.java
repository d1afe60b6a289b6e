package dev.rollout.core.judge;

/**
 * What happened to one side's series before the test: how many values arrived, which were
 * removed or replaced and why, and what was kept.
 *
 * @param received values the provider returned
 * @param nonFiniteRemoved NaN or infinite values removed (NaN strategy remove)
 * @param nonFiniteReplaced NaN or infinite values replaced (NaN strategy replace)
 * @param outliersRemoved values outside the fences removed
 * @param lowerFence the lower outlier fence, NaN when no outlier removal ran
 * @param upperFence the upper outlier fence, NaN when no outlier removal ran
 * @param kept values judged
 * @param mean the mean of the kept values, NaN when none
 */
public record SampleReport(int received, int nonFiniteRemoved, int nonFiniteReplaced,
        int outliersRemoved, double lowerFence, double upperFence, int kept, double mean) {

    /** Whether anything was removed or replaced. */
    public boolean changed() {
        return nonFiniteRemoved + nonFiniteReplaced + outliersRemoved > 0;
    }

    /** What was removed or replaced, for example {@code 2 NaN removed, 1 outlier outside [3.1, 9.7] removed}; empty when nothing. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        if (nonFiniteRemoved > 0) {
            text.append(nonFiniteRemoved).append(" NaN removed");
        }
        if (nonFiniteReplaced > 0) {
            text.append(text.isEmpty() ? "" : ", ").append(nonFiniteReplaced).append(" NaN replaced");
        }
        if (outliersRemoved > 0) {
            text.append(text.isEmpty() ? "" : ", ").append(outliersRemoved)
                    .append(outliersRemoved == 1 ? " outlier" : " outliers").append(" outside [")
                    .append(Numbers.format(lowerFence)).append(", ").append(Numbers.format(upperFence))
                    .append("] removed");
        }
        return text.toString();
    }
}
