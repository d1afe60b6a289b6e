package dev.rollout.api;

/** A metric provider could not take a measurement; becomes a measurement in phase Error. */
public class ProviderException extends RolloutException {
    private static final long serialVersionUID = 1L;

    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
