package dev.rollout.core.analysis;

import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.RolloutSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One analysis a rollout spec asks for, with the field that asks for it: the list that
 * {@code rollout lint}, the simulator and {@code RolloutEngine.start} all check.
 *
 * @param field the field path in the Rollout, for example {@code spec.strategy.canary.steps[2].analysis}
 * @param kind what the analysis gates: {@code background}, {@code step N}, {@code prePromotion}
 *     or {@code postPromotion}
 * @param analysis the templates and args
 */
public record SpecAnalysis(String field, String kind, AnalysisRef analysis) {
    public SpecAnalysis {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(analysis, "analysis");
    }

    /** Whether this is an experiment step's analysis, which compares sides a first deploy has not. */
    public boolean experiment() {
        return field.endsWith(".experiment.analyses");
    }

    /**
     * Every analysis of {@code spec}, in the order a rollout meets them: canary background
     * analysis, then step analyses; blue/green pre-, then post-promotion analysis.
     */
    public static List<SpecAnalysis> of(RolloutSpec spec) {
        List<SpecAnalysis> out = new ArrayList<>();
        if (spec.strategy() instanceof CanaryStrategy canary) {
            String base = "spec.strategy.canary";
            canary.analysis().ifPresent(b -> out.add(new SpecAnalysis(base + ".analysis", "background",
                    b.analysis())));
            for (int i = 0; i < canary.steps().size(); i++) {
                if (canary.steps().get(i) instanceof CanaryStep.Analysis a) {
                    out.add(new SpecAnalysis(base + ".steps[" + i + "].analysis", "step " + i, a.analysis()));
                } else if (canary.steps().get(i) instanceof CanaryStep.Experiment e && e.analysis().isPresent()) {
                    out.add(new SpecAnalysis(base + ".steps[" + i + "].experiment.analyses", "step " + i,
                            e.analysis().get()));
                }
            }
        } else if (spec.strategy() instanceof BlueGreenStrategy blueGreen) {
            String base = "spec.strategy.blueGreen";
            blueGreen.prePromotionAnalysis().ifPresent(a -> out.add(new SpecAnalysis(
                    base + ".prePromotionAnalysis", "prePromotion", a)));
            blueGreen.postPromotionAnalysis().ifPresent(a -> out.add(new SpecAnalysis(
                    base + ".postPromotionAnalysis", "postPromotion", a)));
        }
        return out;
    }
}
