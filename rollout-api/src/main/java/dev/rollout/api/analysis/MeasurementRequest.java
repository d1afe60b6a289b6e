package dev.rollout.api.analysis;

import dev.rollout.api.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider is asked to measure.
 *
 * @param rolloutId the rollout the measurement is for
 * @param runName the analysis run
 * @param metricName the metric
 * @param provider the metric's provider block (for example the map under {@code web:}), with
 *     {@code {{args.*}}} substituted; immutable
 * @param at the measurement's time (the end of its window)
 * @param interval the metric's interval, if any (providers use it as the query window)
 * @param timeout how long the engine waits before it cancels the measurement
 * @param secrets secret values substituted into {@code provider}; providers redact them from
 *     every message they produce
 */
public record MeasurementRequest(String rolloutId, String runName, String metricName,
        Map<String, Object> provider, Instant at, Optional<Duration> interval, Duration timeout,
        List<Secret> secrets) {
    public MeasurementRequest {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(metricName, "metricName");
        provider = provider == null ? Map.of() : provider;
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /**
     * Replaces every secret value in {@code text} with {@code ****} (as {@link Secret#redact}
     * does), the longest secrets first so that a secret containing a shorter one is masked whole.
     */
    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        List<Secret> longestFirst = secrets.stream()
                .sorted(Comparator.comparingInt((Secret s) -> s.reveal().length()).reversed()).toList();
        for (Secret secret : longestFirst) {
            result = secret.redact(result);
        }
        return result;
    }

    /**
     * The record's fields with every string of {@code provider} (keys and values, at any depth)
     * passed through {@link #redact(String)}, then the whole text once more, so the secret values
     * substituted into the provider block never print.
     */
    @Override
    public String toString() {
        return redact("MeasurementRequest[rolloutId=" + rolloutId + ", runName=" + runName
                + ", metricName=" + metricName + ", provider=" + redacted(provider) + ", at=" + at
                + ", interval=" + interval + ", timeout=" + timeout + ", secrets=" + secrets + "]");
    }

    private Object redacted(Object value) {
        if (value instanceof String s) {
            return redact(s);
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(redacted(k), redacted(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::redacted).toList();
        }
        return value;
    }
}
