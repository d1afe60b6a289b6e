package dev.rollout.api.model;

import dev.rollout.api.analysis.AnalysisRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A canary: steps that move weight to the new revision, with optional traffic routing and
 * background analysis. Field names and defaults are Argo Rollouts'.
 *
 * @param steps the steps, in order; empty means promote at once
 * @param maxSurge extra pods allowed above {@code replicas} (25%, percent rounds up)
 * @param maxUnavailable pods allowed below {@code replicas} (25%, percent rounds down)
 * @param trafficRouting a traffic router; empty for a basic (replica-weighted) canary
 * @param analysis background analysis running alongside the steps
 * @param abortScaleDownDelaySeconds with a router, how long the canary stays up after abort (30)
 * @param dynamicStableScale with a router, scale the stable side down as traffic moves
 * @param canaryService the Service selecting canary pods, if any
 * @param stableService the Service selecting stable pods, if any
 * @param scaleDownDelaySeconds with a router, how long the old stable revision stays up after
 *     promotion (30), so that routers and clients that still send it traffic drain; a basic
 *     canary, where replicas are the traffic, removes it at once (as Argo does)
 * @see #builder()
 */
public record CanaryStrategy(
        List<CanaryStep> steps,
        IntOrPercent maxSurge,
        IntOrPercent maxUnavailable,
        Optional<TrafficRouting> trafficRouting,
        Optional<BackgroundAnalysis> analysis,
        int abortScaleDownDelaySeconds,
        boolean dynamicStableScale,
        Optional<String> canaryService,
        Optional<String> stableService,
        int scaleDownDelaySeconds) implements Strategy {

    public static final IntOrPercent DEFAULT_MAX_SURGE = IntOrPercent.percent(25);
    public static final IntOrPercent DEFAULT_MAX_UNAVAILABLE = IntOrPercent.percent(25);
    public static final int DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS = 30;
    public static final int DEFAULT_SCALE_DOWN_DELAY_SECONDS = 30;

    /**
     * The canonical constructor: its parameter list grows with the record (a new Argo field is a
     * new parameter, the previous list then stays as a deprecated overload), so code outside the
     * library is better off with {@link #builder()}.
     */
    public CanaryStrategy {
        steps = List.copyOf(steps);
        maxSurge = maxSurge == null ? DEFAULT_MAX_SURGE : maxSurge;
        maxUnavailable = maxUnavailable == null ? DEFAULT_MAX_UNAVAILABLE : maxUnavailable;
        Objects.requireNonNull(trafficRouting, "trafficRouting");
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(canaryService, "canaryService");
        Objects.requireNonNull(stableService, "stableService");
        if (abortScaleDownDelaySeconds < 0) {
            throw new IllegalArgumentException("abortScaleDownDelaySeconds must not be negative");
        }
        if (scaleDownDelaySeconds < 0) {
            throw new IllegalArgumentException("scaleDownDelaySeconds must not be negative");
        }
    }

    /**
     * A canary with the default {@code scaleDownDelaySeconds} (30): the parameter list before
     * that field was added.
     *
     * @deprecated use {@link #builder()}, which takes every field by name and keeps working as
     *     fields are added
     */
    @Deprecated(since = "0.1.0")
    public CanaryStrategy(List<CanaryStep> steps, IntOrPercent maxSurge, IntOrPercent maxUnavailable,
            Optional<TrafficRouting> trafficRouting, Optional<BackgroundAnalysis> analysis,
            int abortScaleDownDelaySeconds, boolean dynamicStableScale, Optional<String> canaryService,
            Optional<String> stableService) {
        this(steps, maxSurge, maxUnavailable, trafficRouting, analysis, abortScaleDownDelaySeconds,
                dynamicStableScale, canaryService, stableService, DEFAULT_SCALE_DOWN_DELAY_SECONDS);
    }

    /** A basic canary with default surge and no analysis. */
    public static CanaryStrategy of(List<CanaryStep> steps) {
        return builder().steps(steps).build();
    }

    /**
     * A builder with Argo's defaults: no steps, surge and unavailability 25%, no traffic routing,
     * no background analysis, both scale-down delays 30 seconds, no Services.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every field of this strategy, to change some of them. */
    public Builder toBuilder() {
        return new Builder().steps(steps).maxSurge(maxSurge).maxUnavailable(maxUnavailable)
                .trafficRouting(trafficRouting.orElse(null)).analysis(analysis.orElse(null))
                .abortScaleDownDelaySeconds(abortScaleDownDelaySeconds)
                .dynamicStableScale(dynamicStableScale).canaryService(canaryService.orElse(null))
                .stableService(stableService.orElse(null)).scaleDownDelaySeconds(scaleDownDelaySeconds);
    }

    /**
     * The traffic routing a router is built from: the routing block's settings plus
     * {@code stableService} and {@code canaryService} of this strategy (a setting of the block
     * itself wins), so routers find the Services without repeating them. Empty without routing.
     */
    public Optional<TrafficRouting> routingWithServices() {
        return trafficRouting.map(routing -> {
            java.util.Map<String, Object> config = new java.util.LinkedHashMap<>();
            stableService.ifPresent(service -> config.put("stableService", service));
            canaryService.ifPresent(service -> config.put("canaryService", service));
            config.putAll(routing.config());
            return new TrafficRouting(routing.kind(), config);
        });
    }

    /** A copy with the given traffic routing. */
    public CanaryStrategy withTrafficRouting(TrafficRouting routing) {
        return toBuilder().trafficRouting(Objects.requireNonNull(routing, "routing")).build();
    }

    /** A copy with the given surge and unavailability. */
    public CanaryStrategy withSurge(IntOrPercent surge, IntOrPercent unavailable) {
        return toBuilder().maxSurge(surge).maxUnavailable(unavailable).build();
    }

    /** A copy with background analysis. */
    public CanaryStrategy withAnalysis(BackgroundAnalysis background) {
        return toBuilder().analysis(Objects.requireNonNull(background, "background")).build();
    }

    /** A copy whose old stable revision stays up {@code seconds} after promotion (with a router). */
    public CanaryStrategy withScaleDownDelaySeconds(int seconds) {
        return toBuilder().scaleDownDelaySeconds(seconds).build();
    }

    /**
     * Builds a {@link CanaryStrategy}; each setter names the field it sets, as written in Argo's
     * YAML. Not thread-safe; {@link #build()} copies the steps.
     */
    public static final class Builder {
        private List<CanaryStep> steps = List.of();
        private IntOrPercent maxSurge = DEFAULT_MAX_SURGE;
        private IntOrPercent maxUnavailable = DEFAULT_MAX_UNAVAILABLE;
        private TrafficRouting trafficRouting;
        private BackgroundAnalysis analysis;
        private int abortScaleDownDelaySeconds = DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS;
        private boolean dynamicStableScale;
        private String canaryService;
        private String stableService;
        private int scaleDownDelaySeconds = DEFAULT_SCALE_DOWN_DELAY_SECONDS;

        private Builder() {
        }

        /** Sets {@code steps}, in order. */
        public Builder steps(List<CanaryStep> value) {
            this.steps = Objects.requireNonNull(value, "steps");
            return this;
        }

        /** Sets {@code steps}, in order. */
        public Builder steps(CanaryStep... value) {
            return steps(List.of(value));
        }

        /** Sets {@code maxSurge}; null is the default (25%). */
        public Builder maxSurge(IntOrPercent value) {
            this.maxSurge = value;
            return this;
        }

        /** Sets {@code maxUnavailable}; null is the default (25%). */
        public Builder maxUnavailable(IntOrPercent value) {
            this.maxUnavailable = value;
            return this;
        }

        /** Sets {@code trafficRouting}; null is none (a basic canary). */
        public Builder trafficRouting(TrafficRouting value) {
            this.trafficRouting = value;
            return this;
        }

        /** Sets the background {@code analysis}; null is none. */
        public Builder analysis(BackgroundAnalysis value) {
            this.analysis = value;
            return this;
        }

        /** Sets {@code abortScaleDownDelaySeconds}. */
        public Builder abortScaleDownDelaySeconds(int value) {
            this.abortScaleDownDelaySeconds = value;
            return this;
        }

        /** Sets {@code dynamicStableScale}. */
        public Builder dynamicStableScale(boolean value) {
            this.dynamicStableScale = value;
            return this;
        }

        /** Sets {@code canaryService}; null is none. */
        public Builder canaryService(String value) {
            this.canaryService = value;
            return this;
        }

        /** Sets {@code stableService}; null is none. */
        public Builder stableService(String value) {
            this.stableService = value;
            return this;
        }

        /** Sets {@code scaleDownDelaySeconds}. */
        public Builder scaleDownDelaySeconds(int value) {
            this.scaleDownDelaySeconds = value;
            return this;
        }

        /**
         * The strategy.
         *
         * @throws IllegalArgumentException if a delay is negative
         */
        public CanaryStrategy build() {
            return new CanaryStrategy(steps, maxSurge, maxUnavailable, Optional.ofNullable(trafficRouting),
                    Optional.ofNullable(analysis), abortScaleDownDelaySeconds, dynamicStableScale,
                    Optional.ofNullable(canaryService), Optional.ofNullable(stableService),
                    scaleDownDelaySeconds);
        }
    }

    /** Background analysis started when the canary reaches {@code startingStep} (0 = at once). */
    public record BackgroundAnalysis(AnalysisRef analysis, int startingStep) {
        public BackgroundAnalysis {
            Objects.requireNonNull(analysis, "analysis");
            if (startingStep < 0) {
                throw new IllegalArgumentException("startingStep must not be negative");
            }
        }
    }
}
