package dev.rollout.api;

/** A cluster target could not read or change the place a service runs. */
public class TargetException extends RolloutException {
    private static final long serialVersionUID = 1L;

    public TargetException(String message) {
        super(message);
    }

    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
