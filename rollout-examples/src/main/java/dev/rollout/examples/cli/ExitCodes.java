package dev.rollout.examples.cli;

import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutStatus;

/**
 * The {@code rollout} command's exit codes: a public contract that CI pipelines script against.
 * Never renumber one.
 */
final class ExitCodes {
    /** Healthy: the new revision is fully promoted; or lint found no problem. */
    static final int HEALTHY = 0;
    /** Degraded: the rollout was aborted (analysis failed, readiness failed, deadline). */
    static final int DEGRADED = 1;
    /** Paused: an indefinite pause or an inconclusive analysis waits for a person. */
    static final int PAUSED = 2;
    /**
     * The simulation was stopped by {@code --max-virtual-time} before the rollout settled (still
     * Progressing, or Degraded by a progress deadline but not aborted).
     */
    static final int NOT_SETTLED = 3;
    /**
     * Refused: the deploy's revision is older than what the environment runs or is deploying, or
     * has not passed the environment it must pass first.
     */
    static final int REFUSED = 4;
    /** Invalid input: a spec, template, metrics file or command line is wrong (EX_USAGE). */
    static final int INVALID_INPUT = 64;
    /** An internal error of the tool itself (EX_SOFTWARE). */
    static final int INTERNAL_ERROR = 70;

    private ExitCodes() {
    }

    /** The exit code a settled deploy reports. */
    static int of(dev.rollout.core.conductor.DeployStatus status) {
        if (status.result() == null) {
            return PAUSED;
        }
        return switch (status.result()) {
            case Deployed -> HEALTHY;
            case WaitingForApproval -> PAUSED;
            case Refused -> REFUSED;
            default -> DEGRADED;
        };
    }

    /** The exit code a finished simulation reports for its final status. */
    static int of(RolloutStatus status) {
        if (status.aborted() || status.phase() == RolloutPhase.Degraded) {
            return DEGRADED;
        }
        if (status.phase() == RolloutPhase.Healthy) {
            return HEALTHY;
        }
        return PAUSED;
    }
}
