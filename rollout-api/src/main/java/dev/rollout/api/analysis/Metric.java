package dev.rollout.api.analysis;

import dev.rollout.api.internal.Immutable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A metric of an analysis template, as written: fields that may hold {@code {{args.name}}}
 * placeholders ({@code interval}, {@code count}, the limits, the conditions) are kept as text and
 * checked after substitution when a run starts. Defaults are Argo's: one measurement when neither
 * {@code count} nor {@code interval} is set, {@code failureLimit} 0, {@code inconclusiveLimit} 0,
 * {@code consecutiveErrorLimit} 4, {@code consecutiveSuccessLimit} 0 (off).
 *
 * @param name the metric's name, unique in a run
 * @param interval time between measurements (Go duration, for example {@code 1m})
 * @param initialDelay time before the first measurement
 * @param count how many measurements to take (Successful + Failed + Inconclusive)
 * @param successCondition expression over {@code result} that marks a measurement Successful
 * @param failureCondition expression over {@code result} that marks a measurement Failed
 * @param failureLimit failed measurements tolerated; -1 disables the limit
 * @param inconclusiveLimit inconclusive measurements tolerated
 * @param consecutiveErrorLimit errors in a row tolerated
 * @param consecutiveSuccessLimit successes in a row that make the metric Successful; 0 = off
 * @param noDataPolicy what a condition that cannot be evaluated on no data makes of a measurement
 * @param providerType the provider block's key, for example {@code web}
 * @param provider the provider block (plain maps, lists, strings, numbers, booleans); immutable
 */
public record Metric(String name, Optional<String> interval, Optional<String> initialDelay,
        Optional<String> count, Optional<String> successCondition,
        Optional<String> failureCondition, Optional<String> failureLimit,
        Optional<String> inconclusiveLimit, Optional<String> consecutiveErrorLimit,
        Optional<String> consecutiveSuccessLimit, NoDataPolicy noDataPolicy, String providerType,
        Map<String, Object> provider) {
    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(count, "count");
        Objects.requireNonNull(successCondition, "successCondition");
        Objects.requireNonNull(failureCondition, "failureCondition");
        Objects.requireNonNull(failureLimit, "failureLimit");
        Objects.requireNonNull(inconclusiveLimit, "inconclusiveLimit");
        Objects.requireNonNull(consecutiveErrorLimit, "consecutiveErrorLimit");
        Objects.requireNonNull(consecutiveSuccessLimit, "consecutiveSuccessLimit");
        Objects.requireNonNull(noDataPolicy, "noDataPolicy");
        Objects.requireNonNull(providerType, "providerType");
        provider = Immutable.tree(Objects.requireNonNull(provider, "provider"));
    }

    /** A builder for a metric measured by the provider block {@code providerType: provider}. */
    public static Builder builder(String name, String providerType, Map<String, Object> provider) {
        return new Builder(name, providerType, provider);
    }

    /** Builds a {@link Metric}; every setter takes the text as it would be written in YAML. */
    public static final class Builder {
        private final String name;
        private final String providerType;
        private final Map<String, Object> provider;
        private String interval;
        private String initialDelay;
        private String count;
        private String successCondition;
        private String failureCondition;
        private String failureLimit;
        private String inconclusiveLimit;
        private String consecutiveErrorLimit;
        private String consecutiveSuccessLimit;
        private NoDataPolicy noDataPolicy = NoDataPolicy.ERROR;

        private Builder(String name, String providerType, Map<String, Object> provider) {
            this.name = Objects.requireNonNull(name, "name");
            this.providerType = Objects.requireNonNull(providerType, "providerType");
            this.provider = Objects.requireNonNull(provider, "provider");
        }

        /** Sets {@code interval}, for example {@code 1m}. */
        public Builder interval(String value) {
            this.interval = value;
            return this;
        }

        /** Sets {@code initialDelay}, for example {@code 30s}. */
        public Builder initialDelay(String value) {
            this.initialDelay = value;
            return this;
        }

        /** Sets {@code count}. */
        public Builder count(Object value) {
            this.count = text(value);
            return this;
        }

        /** Sets {@code successCondition}. */
        public Builder successCondition(String value) {
            this.successCondition = value;
            return this;
        }

        /** Sets {@code failureCondition}. */
        public Builder failureCondition(String value) {
            this.failureCondition = value;
            return this;
        }

        /** Sets {@code failureLimit}; -1 disables it. */
        public Builder failureLimit(Object value) {
            this.failureLimit = text(value);
            return this;
        }

        /** Sets {@code inconclusiveLimit}. */
        public Builder inconclusiveLimit(Object value) {
            this.inconclusiveLimit = text(value);
            return this;
        }

        /** Sets {@code consecutiveErrorLimit}. */
        public Builder consecutiveErrorLimit(Object value) {
            this.consecutiveErrorLimit = text(value);
            return this;
        }

        /** Sets {@code consecutiveSuccessLimit}. */
        public Builder consecutiveSuccessLimit(Object value) {
            this.consecutiveSuccessLimit = text(value);
            return this;
        }

        /** Sets {@code noDataPolicy}. */
        public Builder noDataPolicy(NoDataPolicy value) {
            this.noDataPolicy = Objects.requireNonNull(value, "noDataPolicy");
            return this;
        }

        /** The metric. */
        public Metric build() {
            return new Metric(name, Optional.ofNullable(interval), Optional.ofNullable(initialDelay),
                    Optional.ofNullable(count), Optional.ofNullable(successCondition),
                    Optional.ofNullable(failureCondition), Optional.ofNullable(failureLimit),
                    Optional.ofNullable(inconclusiveLimit), Optional.ofNullable(consecutiveErrorLimit),
                    Optional.ofNullable(consecutiveSuccessLimit), noDataPolicy, providerType, provider);
        }

        private static String text(Object value) {
            return value == null ? null : String.valueOf(value);
        }
    }
}
