package dev.rollout.datadog;

import java.util.Locale;
import java.util.Optional;

/** Which point of a v1 series becomes the measured value. */
public enum PointSelection {
    /**
     * The last non-null point whose bucket is complete: its timestamp plus the series' rollup
     * interval is at or before the window end (less {@code datadog.ingestionDelay}). A bucket still filling (the usual last point of a
     * series) is never taken, so a partial minute cannot pass or fail a canary.
     */
    LAST_COMPLETE("last-complete"),
    /** The last non-null point of the window, even of a bucket still filling (Argo's behaviour). */
    LAST("last");

    private final String text;

    PointSelection(String text) {
        this.text = text;
    }

    /** The name used in configuration, for example {@code last-complete}. */
    public String text() {
        return text;
    }

    /** The selection named {@code text} ({@code last-complete} or {@code last}, any case). */
    public static Optional<PointSelection> parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (PointSelection selection : values()) {
            if (selection.text.equals(wanted)) {
                return Optional.of(selection);
            }
        }
        return Optional.empty();
    }
}
