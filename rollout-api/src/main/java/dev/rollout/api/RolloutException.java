package dev.rollout.api;

/** Root of every exception rollout throws; unchecked, so embedding tools choose where to catch. */
public class RolloutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RolloutException(String message) {
        super(message);
    }

    public RolloutException(String message, Throwable cause) {
        super(message, cause);
    }
}
