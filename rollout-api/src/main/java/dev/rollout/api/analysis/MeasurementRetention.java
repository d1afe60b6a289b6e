package dev.rollout.api.analysis;

import java.util.Objects;

/**
 * How many measurements to keep for matching metrics ({@code spec.measurementRetention[]}); 10
 * are kept by default.
 *
 * @param metricName a metric name, {@code *} for every metric, or a regular expression found in
 *     the name
 * @param limit how many of the latest measurements to keep, at least 1
 */
public record MeasurementRetention(String metricName, int limit) {
    public MeasurementRetention {
        Objects.requireNonNull(metricName, "metricName");
    }
}
