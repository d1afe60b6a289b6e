package dev.rollout.api.model;

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

    /** A canary with the default {@code scaleDownDelaySeconds} (30). */
    public CanaryStrategy(List<CanaryStep> steps, IntOrPercent maxSurge, IntOrPercent maxUnavailable,
            Optional<TrafficRouting> trafficRouting, Optional<BackgroundAnalysis> analysis,
            int abortScaleDownDelaySeconds, boolean dynamicStableScale, Optional<String> canaryService,
            Optional<String> stableService) {
        this(steps, maxSurge, maxUnavailable, trafficRouting, analysis, abortScaleDownDelaySeconds,
                dynamicStableScale, canaryService, stableService, DEFAULT_SCALE_DOWN_DELAY_SECONDS);
    }

    /** A basic canary with default surge and no analysis. */
    public static CanaryStrategy of(List<CanaryStep> steps) {
        return new CanaryStrategy(steps, null, null, Optional.empty(), Optional.empty(),
                DEFAULT_ABORT_SCALE_DOWN_DELAY_SECONDS, false, Optional.empty(), Optional.empty(),
                DEFAULT_SCALE_DOWN_DELAY_SECONDS);
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
        return new CanaryStrategy(steps, maxSurge, maxUnavailable, Optional.of(routing), analysis,
                abortScaleDownDelaySeconds, dynamicStableScale, canaryService, stableService,
                scaleDownDelaySeconds);
    }

    /** A copy with the given surge and unavailability. */
    public CanaryStrategy withSurge(IntOrPercent surge, IntOrPercent unavailable) {
        return new CanaryStrategy(steps, surge, unavailable, trafficRouting, analysis,
                abortScaleDownDelaySeconds, dynamicStableScale, canaryService, stableService,
                scaleDownDelaySeconds);
    }

    /** A copy with background analysis. */
    public CanaryStrategy withAnalysis(BackgroundAnalysis background) {
        return new CanaryStrategy(steps, maxSurge, maxUnavailable, trafficRouting,
                Optional.of(background), abortScaleDownDelaySeconds, dynamicStableScale,
                canaryService, stableService, scaleDownDelaySeconds);
    }

    /** A copy whose old stable revision stays up {@code seconds} after promotion (with a router). */
    public CanaryStrategy withScaleDownDelaySeconds(int seconds) {
        return new CanaryStrategy(steps, maxSurge, maxUnavailable, trafficRouting, analysis,
                abortScaleDownDelaySeconds, dynamicStableScale, canaryService, stableService, seconds);
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
