package dev.rollout.core.report;

import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a recorded timeline as one self-contained HTML file: inline CSS, SVG and a small
 * script, no fonts, images or anything else fetched (a Content-Security-Policy forbids it). Per
 * cluster it charts canary weight and replicas by step, each measurement against the threshold
 * of its condition, pauses, verdicts and the abort with its reason; per deploy, the waves, gates
 * and approvals. Every recorded string is escaped. Immutable and thread-safe.
 */
public final class TimelineReport {
    private final String title;
    private final Map<String, List<Threshold>> thresholds;

    private TimelineReport(Builder b) {
        this.title = b.title;
        Map<String, List<Threshold>> copy = new LinkedHashMap<>();
        b.thresholds.forEach((metric, lines) -> copy.put(metric, List.copyOf(lines)));
        this.thresholds = Map.copyOf(copy);
    }

    /** A builder: title "Rollout timeline", no templates (points coloured by phase only). */
    public static Builder builder() {
        return new Builder();
    }

    /** The HTML document of {@code entries}. */
    public String render(List<TimelineEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        return ReportPage.render(title, ReportModel.of(entries), thresholds);
    }

    /**
     * Writes the report to {@code file} atomically: a reader sees the old file or the whole new
     * one, never a part.
     *
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    public void write(List<TimelineEntry> entries, Path file) {
        String html = render(entries);
        Path target = file.toAbsolutePath();
        Path temp = null;
        try {
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            Files.writeString(temp, html, StandardCharsets.UTF_8);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The temporary file is hidden and named after the report; nothing else to do.
                }
            }
            throw new UncheckedIOException("cannot write the report " + file + ": " + e, e);
        }
    }

    /** Configures a report. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private String title = "Rollout timeline";
        private final Map<String, List<Threshold>> thresholds = new LinkedHashMap<>();

        private Builder() {
        }

        /** The page's title and heading. */
        public Builder title(String value) {
            this.title = Objects.requireNonNull(value, "title");
            return this;
        }

        /**
         * The templates whose metrics were measured: each metric's conditions give the threshold
         * lines its points are drawn against (by metric name).
         */
        public Builder templates(Collection<AnalysisTemplate> values) {
            for (AnalysisTemplate template : values) {
                for (Metric metric : template.metrics()) {
                    List<Threshold> list = thresholds.computeIfAbsent(metric.name(), k -> new ArrayList<>());
                    Threshold.of(metric).stream().filter(t -> !list.contains(t)).forEach(list::add);
                }
            }
            return this;
        }

        /** The report. */
        public TimelineReport build() {
            return new TimelineReport(this);
        }
    }
}
