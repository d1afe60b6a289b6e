package dev.rollout.k8s.internal;

import dev.rollout.api.TargetException;

/** An API call failed with an HTTP status; carries the code and the server's reason. */
public final class KubeCallException extends TargetException {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final String reason;

    /** A failure with the HTTP {@code code} and the Status {@code reason} (may be empty). */
    public KubeCallException(String message, int code, String reason) {
        super(message);
        this.code = code;
        this.reason = reason == null ? "" : reason;
    }

    /** The HTTP status code; 0 when the server could not be reached. */
    public int code() {
        return code;
    }

    /** The Kubernetes Status reason ({@code Conflict}, {@code AlreadyExists}, ...), maybe empty. */
    public String reason() {
        return reason;
    }

    /** Whether the call lost an optimistic-concurrency race (stale resourceVersion). */
    public boolean isConflict() {
        return code == 409 && !"AlreadyExists".equals(reason);
    }

    /** Whether the object to create already exists. */
    public boolean isAlreadyExists() {
        return code == 409 && "AlreadyExists".equals(reason);
    }
}
