package dev.rollout.core.analysis;

import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.analysis.AnalysisRunStatus;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Starts analysis runs for the engine. The engine knows nothing of templates or providers: it
 * asks for a run by reference and is told of every status change. Thread-safe.
 */
public interface AnalysisLauncher {

    /**
     * Starts a run. {@code onUpdate} is called after every measurement and phase change, on a
     * scheduler thread, never while holding a lock of the engine's; it must return quickly.
     *
     * @throws dev.rollout.api.InvalidSpecException if a template is missing or an arg cannot be
     *     resolved; nothing is started then
     */
    AnalysisRun start(AnalysisRunRequest request, Consumer<AnalysisRunStatus> onUpdate);

    /**
     * What would stop {@code analysis} from starting in {@code namespace}, found before the
     * rollout starts (missing templates, args, secrets, invalid provider blocks), so that
     * {@code RolloutEngine.start} refuses the spec with nothing changed instead of failing when
     * the analysis is reached. Default: nothing can be told in advance.
     */
    default List<SpecProblem> check(Optional<String> namespace, SpecAnalysis analysis) {
        return List.of();
    }
}
