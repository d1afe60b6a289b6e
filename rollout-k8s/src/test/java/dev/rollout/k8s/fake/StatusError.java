package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A failure the fake answers with a Kubernetes {@code Status} body, as the real API server does. */
public final class StatusError extends RuntimeException {
    private final int code;
    private final String reason;
    private final ResourceType type;
    private final String name;

    /** A failure with an HTTP code, a Status reason, a message, and the resource it concerns (nullable). */
    public StatusError(int code, String reason, String message, ResourceType type, String name) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.type = type;
        this.name = name;
    }

    /** The HTTP status code. */
    public int code() {
        return code;
    }

    /** The Status {@code reason}, e.g. {@code Conflict}. */
    public String reason() {
        return reason;
    }

    static StatusError notFound(ResourceType type, String name) {
        return new StatusError(404, "NotFound",
                type.qualifiedName() + " \"" + name + "\" not found", type, name);
    }

    static StatusError alreadyExists(ResourceType type, String name) {
        return new StatusError(409, "AlreadyExists",
                type.qualifiedName() + " \"" + name + "\" already exists", type, name);
    }

    static StatusError conflict(ResourceType type, String name) {
        return new StatusError(409, "Conflict", "Operation cannot be fulfilled on " + type.qualifiedName()
                + " \"" + name + "\": the object has been modified; please apply your changes to the latest"
                + " version and try again", type, name);
    }

    static StatusError invalid(ResourceType type, String name, String detail) {
        String what = type == null ? "" : type.kind() + " \"" + name + "\" is invalid: ";
        return new StatusError(422, "Invalid", what + detail, type, name);
    }

    static StatusError badRequest(String message) {
        return new StatusError(400, "BadRequest", message, null, null);
    }

    static StatusError unsupportedMediaType(String accepted) {
        return new StatusError(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: " + accepted,
                null, null);
    }

    /** The {@code Status} object the real server would send for this failure. */
    public ObjectNode toStatus() {
        return status(code, "Failure", reason, getMessage(), type, name);
    }

    static ObjectNode status(int code, String status, String reason, String message, ResourceType type,
                             String name) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("kind", "Status");
        node.put("apiVersion", "v1");
        node.putObject("metadata");
        node.put("status", status);
        if (message != null) {
            node.put("message", message);
        }
        if (reason != null) {
            node.put("reason", reason);
        }
        if (type != null) {
            ObjectNode details = node.putObject("details");
            if (name != null) {
                details.put("name", name);
            }
            if (!type.group().isEmpty()) {
                details.put("group", type.group());
            }
            details.put("kind", type.plural());
        }
        node.put("code", code);
        return node;
    }
}
