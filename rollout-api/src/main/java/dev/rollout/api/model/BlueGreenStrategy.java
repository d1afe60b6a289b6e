package dev.rollout.api.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Blue/green: the new revision comes up beside the stable one behind a preview service, then the
 * active service switches to it. Field names and defaults are Argo Rollouts'.
 *
 * @param activeService the service users reach; required
 * @param previewService the service pointing at the new revision before the switch
 * @param previewReplicaCount replicas of the new revision before promotion (default: all)
 * @param autoPromotionEnabled switch as soon as the new side is ready (true)
 * @param autoPromotionSeconds switch automatically this long after the new side is ready
 * @param scaleDownDelaySeconds how long the old side stays up after the switch (30)
 * @param prePromotionAnalysis analysis that gates the switch
 * @param postPromotionAnalysis analysis after the switch; failure switches back
 * @param abortScaleDownDelaySeconds how long the new side stays up after an abort (30)
 */
public record BlueGreenStrategy(
        String activeService,
        Optional<String> previewService,
        OptionalInt previewReplicaCount,
        boolean autoPromotionEnabled,
        OptionalInt autoPromotionSeconds,
        int scaleDownDelaySeconds,
        Optional<AnalysisRef> prePromotionAnalysis,
        Optional<AnalysisRef> postPromotionAnalysis,
        int abortScaleDownDelaySeconds) implements Strategy {

    public static final int DEFAULT_SCALE_DOWN_DELAY_SECONDS = 30;

    public BlueGreenStrategy {
        Objects.requireNonNull(activeService, "activeService");
        Objects.requireNonNull(previewService, "previewService");
        Objects.requireNonNull(previewReplicaCount, "previewReplicaCount");
        Objects.requireNonNull(autoPromotionSeconds, "autoPromotionSeconds");
        Objects.requireNonNull(prePromotionAnalysis, "prePromotionAnalysis");
        Objects.requireNonNull(postPromotionAnalysis, "postPromotionAnalysis");
        if (scaleDownDelaySeconds < 0 || abortScaleDownDelaySeconds < 0) {
            throw new IllegalArgumentException("scale-down delays must not be negative");
        }
    }

    /** Blue/green with an active service only and Argo's defaults. */
    public static BlueGreenStrategy of(String activeService) {
        return new BlueGreenStrategy(activeService, Optional.empty(), OptionalInt.empty(), true,
                OptionalInt.empty(), DEFAULT_SCALE_DOWN_DELAY_SECONDS, Optional.empty(),
                Optional.empty(), DEFAULT_SCALE_DOWN_DELAY_SECONDS);
    }
}
