package dev.rollout.core.crash;

import dev.rollout.api.Scheduler;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.core.analysis.AnalysisLauncher;
import dev.rollout.core.analysis.AnalysisRun;
import dev.rollout.core.analysis.AnalysisRunRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A deterministic analysis launcher: a run of template {@code check} ends with the configured
 * phase one virtual minute after it starts; any other template (background analysis) runs until
 * the rollout terminates or cancels it.
 */
public final class TimedLauncher implements AnalysisLauncher {
    private final Scheduler scheduler;
    private final AnalysisPhase checkOutcome;

    /** A launcher whose {@code check} runs end with {@code checkOutcome}. */
    public TimedLauncher(Scheduler scheduler, AnalysisPhase checkOutcome) {
        this.scheduler = scheduler;
        this.checkOutcome = checkOutcome;
    }

    @Override
    public AnalysisRun start(AnalysisRunRequest request, Consumer<AnalysisRunStatus> onUpdate) {
        Run run = new Run(request.runName(), onUpdate);
        if (request.analysis().templates().get(0).templateName().equals("check")) {
            scheduler.schedule(() -> run.set(checkOutcome, "check assessed " + checkOutcome),
                    Duration.ofMinutes(1));
        }
        return run;
    }

    private static final class Run implements AnalysisRun {
        private final String name;
        private final Consumer<AnalysisRunStatus> onUpdate;
        private AnalysisRunStatus status;
        private boolean cancelled;

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
            set(AnalysisPhase.Successful, "terminated");
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
        }
    }
}
