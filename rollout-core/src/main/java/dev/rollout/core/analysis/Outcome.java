package dev.rollout.core.analysis;

import dev.rollout.api.analysis.AnalysisPhase;
import java.util.Optional;

/**
 * What one measurement came to.
 *
 * @param phase Successful, Failed, Inconclusive or Error
 * @param value the value as displayed, empty for no data or an error
 * @param message why, naming the value and the condition (not yet redacted)
 * @param details the statistics of a judged value, empty otherwise
 */
record Outcome(AnalysisPhase phase, Optional<String> value, String message,
        java.util.Map<String, Object> details) {

    /** An outcome without details. */
    public Outcome(AnalysisPhase phase, Optional<String> value, String message) {
        this(phase, value, message, java.util.Map.of());
    }
}
