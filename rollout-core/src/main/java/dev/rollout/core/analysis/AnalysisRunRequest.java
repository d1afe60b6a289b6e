package dev.rollout.core.analysis;

import dev.rollout.api.event.RolloutListener;
import dev.rollout.api.analysis.AnalysisRef;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine asks of an analysis run.
 *
 * @param rolloutId the rollout ({@code namespace/name})
 * @param namespace the rollout's namespace, where templates and secrets are looked up
 * @param revision the revision being analysed
 * @param runName a name unique within the rollout, for example {@code my-app-v2-step3}
 * @param analysis the templates and args given by the rollout
 * @param context values the engine adds for templates ({@code rollout.name}, {@code revision},
 *     ...) available as {@code {{args.*}}} only where the template declares them
 * @param listener receives analysis events ({@code AnalysisMeasured}, {@code AnalysisPhaseChanged})
 */
public record AnalysisRunRequest(String rolloutId, String namespace, String revision,
        String runName, AnalysisRef analysis, Map<String, String> context,
        RolloutListener listener) {
    public AnalysisRunRequest {
        Objects.requireNonNull(rolloutId, "rolloutId");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(analysis, "analysis");
        context = context == null ? Map.of() : Map.copyOf(context);
        Objects.requireNonNull(listener, "listener");
    }
}
