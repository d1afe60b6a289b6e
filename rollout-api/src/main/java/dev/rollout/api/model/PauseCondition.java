package dev.rollout.api.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Why a rollout is paused, with Argo's reason names.
 *
 * @param reason the reason
 * @param startTime when the pause began
 */
public record PauseCondition(Reason reason, Instant startTime) {
    public PauseCondition {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(startTime, "startTime");
    }

    /** Argo's pause reasons, plus the operator's own pause. */
    public enum Reason {
        CanaryPauseStep,
        BlueGreenPause,
        InconclusiveAnalysisRun,
        UserPause
    }

    /** The condition as plain JSON values (the instant as an ISO-8601 string), for Jackson without modules. */
    @JsonValue
    private Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("reason", reason.name());
        json.put("startTime", startTime.toString());
        return json;
    }
}
