package dev.rollout.api;

/** A compare-and-set lost against a concurrent writer; re-read and try again. */
public class ConflictException extends RolloutException {
    private static final long serialVersionUID = 1L;

    public ConflictException(String message) {
        super(message);
    }
}
