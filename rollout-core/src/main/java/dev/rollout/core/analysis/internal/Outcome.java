package dev.rollout.core.analysis.internal;

import dev.rollout.api.analysis.AnalysisPhase;
import java.util.Optional;

/**
 * What one measurement came to.
 *
 * @param phase Successful, Failed, Inconclusive or Error
 * @param value the value as displayed, empty for no data or an error
 * @param message why, naming the value and the condition (not yet redacted)
 */
public record Outcome(AnalysisPhase phase, Optional<String> value, String message) {
}
