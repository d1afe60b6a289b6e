package dev.rollout.api.analysis;

import dev.rollout.api.internal.Immutable;
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
    /**
     * The canonical constructor: its parameter list grows with the record (a new field is a new
     * parameter, the previous list then stays as a deprecated overload), so code outside the
     * library is better off with {@link #builder(String, String, String)}.
     */
    public MeasurementRequest {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(metricName, "metricName");
        provider = Immutable.tree(provider);
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /**
     * A builder for a measurement of {@code metricName} in run {@code runName} of rollout
     * {@code rolloutId}: no provider block, no interval, no secrets; {@code at} and {@code
     * timeout} must be set.
     */
    public static Builder builder(String rolloutId, String runName, String metricName) {
        return new Builder(rolloutId, runName, metricName);
    }

    /** A builder holding every field of this request, to change some of them. */
    public Builder toBuilder() {
        return new Builder(rolloutId, runName, metricName)
                .provider(provider).at(at).interval(interval.orElse(null)).timeout(timeout)
                .secrets(secrets);
    }

    /**
     * Builds a {@link MeasurementRequest}; each setter names the component it sets. Not
     * thread-safe.
     */
    public static final class Builder {
        private final String rolloutId;
        private final String runName;
        private final String metricName;
        private Map<String, Object> provider = Map.of();
        private Instant at;
        private Duration interval;
        private Duration timeout;
        private List<Secret> secrets = List.of();

        private Builder(String rolloutId, String runName, String metricName) {
            this.rolloutId = Objects.requireNonNull(rolloutId, "rolloutId");
            this.runName = Objects.requireNonNull(runName, "runName");
            this.metricName = Objects.requireNonNull(metricName, "metricName");
        }

        /** Sets {@link MeasurementRequest#provider()}; null is empty. */
        public Builder provider(Map<String, Object> value) {
            this.provider = value;
            return this;
        }

        /** Sets {@link MeasurementRequest#at()}. */
        public Builder at(Instant value) {
            this.at = value;
            return this;
        }

        /** Sets {@link MeasurementRequest#interval()}; null is none. */
        public Builder interval(Duration value) {
            this.interval = value;
            return this;
        }

        /** Sets {@link MeasurementRequest#timeout()}. */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /** Sets {@link MeasurementRequest#secrets()}; null is none. */
        public Builder secrets(List<Secret> value) {
            this.secrets = value;
            return this;
        }

        /** The request. */
        public MeasurementRequest build() {
            return new MeasurementRequest(rolloutId, runName, metricName, provider, at,
                    Optional.ofNullable(interval), timeout, secrets);
        }
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
