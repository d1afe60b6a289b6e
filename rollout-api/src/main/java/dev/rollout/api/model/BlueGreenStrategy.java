package dev.rollout.api.model;

import dev.rollout.api.analysis.AnalysisRef;
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

    /**
     * The canonical constructor: its parameter list grows with the record (a new field is a new
     * parameter, the previous list then stays as a deprecated overload), so code outside the
     * library is better off with {@link #builder(String)}.
     */
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

    /**
     * A builder for blue/green behind {@code activeService}, with Argo's defaults: no
     * preview service, auto-promotion on, scale-down delays 30 seconds, no analysis.
     */
    public static Builder builder(String activeService) {
        return new Builder(activeService);
    }

    /** A builder holding every field of this strategy, to change some of them. */
    public Builder toBuilder() {
        return new Builder(activeService)
                .previewService(previewService.orElse(null))
                .previewReplicaCount(previewReplicaCount.isPresent()
                        ? previewReplicaCount.getAsInt() : null)
                .autoPromotionEnabled(autoPromotionEnabled)
                .autoPromotionSeconds(autoPromotionSeconds.isPresent()
                        ? autoPromotionSeconds.getAsInt() : null)
                .scaleDownDelaySeconds(scaleDownDelaySeconds)
                .prePromotionAnalysis(prePromotionAnalysis.orElse(null))
                .postPromotionAnalysis(postPromotionAnalysis.orElse(null))
                .abortScaleDownDelaySeconds(abortScaleDownDelaySeconds);
    }

    /**
     * Builds a {@link BlueGreenStrategy}; each setter names the component it sets. Not
     * thread-safe.
     */
    public static final class Builder {
        private final String activeService;
        private String previewService;
        private Integer previewReplicaCount;
        private boolean autoPromotionEnabled = true;
        private Integer autoPromotionSeconds;
        private int scaleDownDelaySeconds = DEFAULT_SCALE_DOWN_DELAY_SECONDS;
        private AnalysisRef prePromotionAnalysis;
        private AnalysisRef postPromotionAnalysis;
        private int abortScaleDownDelaySeconds = DEFAULT_SCALE_DOWN_DELAY_SECONDS;

        private Builder(String activeService) {
            this.activeService = Objects.requireNonNull(activeService, "activeService");
        }

        /** Sets {@link BlueGreenStrategy#previewService()}; null is none. */
        public Builder previewService(String value) {
            this.previewService = value;
            return this;
        }

        /** Sets {@link BlueGreenStrategy#previewReplicaCount()}; null is all replicas. */
        public Builder previewReplicaCount(Integer value) {
            this.previewReplicaCount = value;
            return this;
        }

        /** Sets {@link BlueGreenStrategy#autoPromotionEnabled()}. */
        public Builder autoPromotionEnabled(boolean value) {
            this.autoPromotionEnabled = value;
            return this;
        }

        /** Sets {@link BlueGreenStrategy#autoPromotionSeconds()}; null is none. */
        public Builder autoPromotionSeconds(Integer value) {
            this.autoPromotionSeconds = value;
            return this;
        }

        /** Sets {@link BlueGreenStrategy#scaleDownDelaySeconds()}. */
        public Builder scaleDownDelaySeconds(int value) {
            this.scaleDownDelaySeconds = value;
            return this;
        }

        /** Sets {@link BlueGreenStrategy#prePromotionAnalysis()}; null is none. */
        public Builder prePromotionAnalysis(AnalysisRef value) {
            this.prePromotionAnalysis = value;
            return this;
        }

        /** Sets {@link BlueGreenStrategy#postPromotionAnalysis()}; null is none. */
        public Builder postPromotionAnalysis(AnalysisRef value) {
            this.postPromotionAnalysis = value;
            return this;
        }

        /** Sets {@link BlueGreenStrategy#abortScaleDownDelaySeconds()}. */
        public Builder abortScaleDownDelaySeconds(int value) {
            this.abortScaleDownDelaySeconds = value;
            return this;
        }

        /** The strategy. */
        public BlueGreenStrategy build() {
            return new BlueGreenStrategy(activeService, Optional.ofNullable(previewService),
                    previewReplicaCount == null ? OptionalInt.empty() : OptionalInt.of(previewReplicaCount),
                    autoPromotionEnabled,
                    autoPromotionSeconds == null ? OptionalInt.empty() : OptionalInt.of(autoPromotionSeconds),
                    scaleDownDelaySeconds, Optional.ofNullable(prePromotionAnalysis),
                    Optional.ofNullable(postPromotionAnalysis), abortScaleDownDelaySeconds);
        }
    }

    /** Blue/green with an active service only and Argo's defaults. */
    public static BlueGreenStrategy of(String activeService) {
        return new BlueGreenStrategy(activeService, Optional.empty(), OptionalInt.empty(), true,
                OptionalInt.empty(), DEFAULT_SCALE_DOWN_DELAY_SECONDS, Optional.empty(),
                Optional.empty(), DEFAULT_SCALE_DOWN_DELAY_SECONDS);
    }
}
