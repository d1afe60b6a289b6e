package dev.rollout.core.conductor;

import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.core.analysis.AnalysisLauncher;
import dev.rollout.core.analysis.AnalysisRun;
import dev.rollout.core.analysis.AnalysisRunRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * An analysis launcher that adds a cluster's deploy args ({@code service}, {@code environment},
 * {@code cluster}, {@code revision}, {@code analysis.args.*}) to every run the cluster's engine
 * starts, so the rollout's own templates may declare them with no value.
 */
final class ContextLauncher implements AnalysisLauncher {
    private final AnalysisLauncher delegate;
    private final Map<String, Map<String, String>> argsByRollout = new ConcurrentHashMap<>();

    public ContextLauncher(AnalysisLauncher delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The args runs of that rollout get from now on. */
    public void args(String rolloutId, Map<String, String> args) {
        argsByRollout.put(rolloutId, Map.copyOf(args));
    }

    @Override
    public AnalysisRun start(AnalysisRunRequest request, Consumer<AnalysisRunStatus> onUpdate) {
        Map<String, String> extra = argsByRollout.getOrDefault(request.rolloutId(), Map.of());
        if (extra.isEmpty()) {
            return delegate.start(request, onUpdate);
        }
        Map<String, String> context = new HashMap<>(extra);
        // The engine's own context (revision, rollout.name, ...) wins over the values.
        context.putAll(request.context());
        return delegate.start(new AnalysisRunRequest(request.rolloutId(), request.namespace(),
                request.revision(), request.runName(), request.analysis(), context,
                request.listener()), onUpdate);
    }
}
