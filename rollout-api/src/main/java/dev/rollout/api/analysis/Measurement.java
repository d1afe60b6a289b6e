package dev.rollout.api.analysis;

import dev.rollout.api.internal.Immutable;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One measurement of a metric, as Argo records it in an AnalysisRun.
 *
 * @param phase Successful, Failed, Inconclusive or Error (Running while in flight)
 * @param value the value as displayed, empty for no data or an error
 * @param message why the phase was reached (the error, or the condition's outcome)
 * @param startedAt when it started
 * @param finishedAt when it finished, empty while running
 * @param details the statistics behind a judged measurement (plain JSON values), empty for
 *     others; immutable
 */
public record Measurement(AnalysisPhase phase, Optional<String> value, String message,
        Instant startedAt, Optional<Instant> finishedAt, Map<String, Object> details) {
    public Measurement {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(value, "value");
        message = message == null ? "" : message;
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        details = Immutable.tree(details);
    }

    /** A measurement without details. */
    public Measurement(AnalysisPhase phase, Optional<String> value, String message, Instant startedAt,
            Optional<Instant> finishedAt) {
        this(phase, value, message, startedAt, finishedAt, Map.of());
    }

    /**
     * The measurement as plain JSON values (instants as ISO-8601 strings, an absent value or
     * finish as null), for Jackson without modules.
     */
    @JsonValue
    private Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("phase", phase.name());
        json.put("value", value.orElse(null));
        json.put("message", message);
        json.put("startedAt", startedAt.toString());
        json.put("finishedAt", finishedAt.map(Instant::toString).orElse(null));
        json.put("details", details);
        return json;
    }
}
