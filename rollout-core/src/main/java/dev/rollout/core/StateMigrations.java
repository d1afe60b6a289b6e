package dev.rollout.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.api.RolloutException;

/**
 * Brings a stored state document of any earlier schema version up to the current one, one
 * version at a time, so a rollout stored by an older engine resumes on this one.
 * <ul>
 *   <li>1: {@code "format": 1} and no {@code schemaVersion}; the phase followed from the flags
 *       {@code aborted}, {@code completed}, {@code deadlineExceeded} and the pauses;
 *       {@code abortPending} and {@code firstDeployChecks} were added over time and may be
 *       absent.</li>
 *   <li>2: {@code schemaVersion}; the stage is {@code lifecycle} (a {@link Stage} name) and the
 *       flags are gone; every field is present but {@code removeAlso}, written when not empty.</li>
 * </ul>
 */
final class StateMigrations {
    /** The schema version this engine writes. */
    static final int CURRENT = 2;

    private StateMigrations() {
    }

    /** The schema version of a stored document. */
    static int versionOf(JsonNode document) {
        JsonNode v = document.get("schemaVersion");
        if (v != null) {
            if (!v.canConvertToExactIntegral() || v.asInt() < 2) {
                throw new RolloutException("stored rollout state has an invalid schemaVersion " + v);
            }
            return v.asInt();
        }
        if (document.path("format").asInt() == 1) {
            return 1;
        }
        throw new RolloutException("stored rollout state has neither a schemaVersion nor format 1");
    }

    /** The document as the current schema has it; {@code document} itself is not changed. */
    static ObjectNode toCurrent(ObjectNode document) {
        int version = versionOf(document);
        if (version > CURRENT) {
            throw new RolloutException("stored rollout state has schema version " + version
                    + ", this engine reads versions 1 to " + CURRENT + ": upgrade the engine");
        }
        ObjectNode n = document;
        if (version == 1) {
            n = from1(n);
        }
        return n;
    }

    /** Version 1 to 2: the flags become the lifecycle; fields added later get their defaults. */
    static ObjectNode from1(ObjectNode v1) {
        ObjectNode v2 = JsonNodeFactory.instance.objectNode();
        v2.put("schemaVersion", 2);
        Stage stage = v1.path("aborted").asBoolean() ? Stage.ABORTED
                : v1.path("completed").asBoolean() ? Stage.COMPLETED
                : v1.path("deadlineExceeded").asBoolean() ? Stage.STALLED
                : v1.path("pauses").size() > 0 ? Stage.PAUSED : Stage.PROGRESSING;
        v1.properties().forEach(e -> {
            switch (e.getKey()) {
                case "format", "aborted", "completed", "deadlineExceeded" -> {
                }
                case "phase" -> {
                    v2.put("lifecycle", stage.name());
                    v2.put("phase", stage.phase().name());
                }
                default -> v2.set(e.getKey(), e.getValue());
            }
        });
        if (!v2.has("abortPending")) {
            v2.put("abortPending", false);
        }
        if (!v2.has("firstDeployChecks")) {
            v2.put("firstDeployChecks", 0);
        }
        return v2;
    }
}
