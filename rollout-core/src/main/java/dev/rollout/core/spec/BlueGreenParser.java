package dev.rollout.core.spec;

import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlNode;
import dev.rollout.core.yaml.YamlObject;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads {@code spec.strategy.blueGreen}; see {@link RolloutParser} for the fields. */
final class BlueGreenParser {
    static final String[] FIELDS = {"activeService", "previewService", "previewReplicaCount",
            "autoPromotionEnabled", "autoPromotionSeconds", "scaleDownDelaySeconds",
            "prePromotionAnalysis", "postPromotionAnalysis", "abortScaleDownDelaySeconds",
            // accepted, not acted upon
            "maxUnavailable", "scaleDownDelayRevisionLimit", "antiAffinity", "previewMetadata",
            "activeMetadata"};

    private BlueGreenParser() {
    }

    static Optional<BlueGreenStrategy> parse(YamlNode node, SpecReader reader) {
        int mark = reader.problems().count();
        YamlObject blueGreen = reader.object(node, FIELDS);
        RolloutParser.warnIgnored(blueGreen, "antiAffinity",
                RolloutParser.PLACEMENT_IGNORED);
        RolloutParser.warnIgnored(blueGreen, "previewMetadata", RolloutParser.POD_METADATA_IGNORED);
        RolloutParser.warnIgnored(blueGreen, "activeMetadata", RolloutParser.POD_METADATA_IGNORED);
        RolloutParser.warnIgnored(blueGreen, "scaleDownDelayRevisionLimit",
                "only the previous active revision is kept, for scaleDownDelaySeconds");
        RolloutParser.warnIgnored(blueGreen, "maxUnavailable",
                "the new side comes up in full before the switch");
        String activeService = blueGreen.requiredString("activeService");
        Optional<String> previewService = blueGreen.optionalString("previewService");
        if (activeService != null && previewService.filter(activeService::equals).isPresent()) {
            reader.problems().add(blueGreen.get("previewService").orElseThrow(),
                    "must differ from activeService, both are \"" + activeService + "\"");
        }
        OptionalInt previewReplicaCount = blueGreen.intInRange("previewReplicaCount", 0,
                Integer.MAX_VALUE);
        boolean autoPromotionEnabled = blueGreen.booleanOr("autoPromotionEnabled", true);
        OptionalInt autoPromotionSeconds = blueGreen.intInRange("autoPromotionSeconds", 0,
                Integer.MAX_VALUE);
        int scaleDownDelay = blueGreen.nonNegativeInt("scaleDownDelaySeconds",
                BlueGreenStrategy.DEFAULT_SCALE_DOWN_DELAY_SECONDS);
        int abortScaleDownDelay = blueGreen.nonNegativeInt("abortScaleDownDelaySeconds",
                BlueGreenStrategy.DEFAULT_SCALE_DOWN_DELAY_SECONDS);
        Optional<AnalysisRef> pre = blueGreen.get("prePromotionAnalysis")
                .flatMap(n -> AnalysisRefParser.parse(n, reader));
        Optional<AnalysisRef> post = blueGreen.get("postPromotionAnalysis")
                .flatMap(n -> AnalysisRefParser.parse(n, reader));
        if (!blueGreen.isPresent() || reader.problems().hasNewSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new BlueGreenStrategy(activeService, previewService,
                previewReplicaCount, autoPromotionEnabled, autoPromotionSeconds, scaleDownDelay,
                pre, post, abortScaleDownDelay));
    }
}
