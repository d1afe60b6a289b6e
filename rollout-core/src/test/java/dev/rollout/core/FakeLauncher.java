package dev.rollout.core;

import dev.rollout.api.Scheduler;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.core.analysis.AnalysisLauncher;
import dev.rollout.core.analysis.AnalysisRun;
import dev.rollout.core.analysis.AnalysisRunRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An analysis launcher for engine tests: a run of a template ends with the phase configured for
 * that template after {@code delay} on the scheduler, or stays Running until {@link #finish}.
 */
final class FakeLauncher implements AnalysisLauncher {
    private final Scheduler scheduler;
    private final Map<String, AnalysisPhase> outcomes = new HashMap<>();
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private Duration delay = Duration.ofMinutes(1);

    FakeLauncher(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    synchronized FakeLauncher outcome(String template, AnalysisPhase phase) {
        outcomes.put(template, phase);
        return this;
    }

    synchronized FakeLauncher delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    synchronized List<String> started() {
        return new ArrayList<>(runs.keySet());
    }

    synchronized Run run(String name) {
        return runs.get(name);
    }

    /** Ends a running run with {@code phase}. */
    void finish(String name, AnalysisPhase phase) {
        run(name).set(phase, "finished by the test with " + phase);
    }

    @Override
    public synchronized AnalysisRun start(AnalysisRunRequest request,
            Consumer<AnalysisRunStatus> onUpdate) {
        String template = request.analysis().templates().get(0).templateName();
        Run run = new Run(request.runName(), onUpdate);
        runs.put(request.runName(), run);
        AnalysisPhase outcome = outcomes.get(template);
        if (outcome != null) {
            scheduler.schedule(() -> run.set(outcome, "metric error-rate assessed " + outcome
                    + " (template " + template + ")"), delay);
        }
        return run;
    }

    static final class Run implements AnalysisRun {
        final String name;
        private final Consumer<AnalysisRunStatus> onUpdate;
        private AnalysisRunStatus status;
        boolean terminated;
        boolean cancelled;

        Run(String name, Consumer<AnalysisRunStatus> onUpdate) {
            this.name = name;
            this.onUpdate = onUpdate;
            this.status = new AnalysisRunStatus(name, AnalysisPhase.Running, List.of(), "");
        }

        void set(AnalysisPhase phase, String message) {
            AnalysisRunStatus next;
            synchronized (this) {
                if (status.phase().isCompleted() || cancelled) {
                    return;
                }
                status = new AnalysisRunStatus(name, phase, List.of(), message);
                next = status;
            }
            onUpdate.accept(next);
        }

        @Override
        public synchronized AnalysisRunStatus status() {
            return status;
        }

        @Override
        public void terminate() {
            synchronized (this) {
                terminated = true;
            }
            set(AnalysisPhase.Successful, "terminated");
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
        }
    }
}
