package dev.rollout.api;

/**
 * Root of every exception rollout throws; unchecked, so embedding tools choose where to catch.
 *
 * <p>The rule: a failure of the rollout itself, of its input or of the world it acts on (a spec
 * that cannot be accepted, a provider or target that fails, a lost compare-and-set, a deploy that
 * is refused) is a {@code RolloutException} or one of its subclasses
 * ({@link InvalidSpecException}, {@link ProviderException}, {@link TargetException},
 * {@link ConflictException}, ...), so {@code catch (RolloutException e)} catches them all. A
 * programming error of the caller (a null or out-of-range argument, a builder missing a required
 * field, a method called on a closed engine) is the JDK's {@link IllegalArgumentException},
 * {@link NullPointerException} or {@link IllegalStateException}, as in the JDK's own libraries:
 * it is fixed in code, not handled at run time. Each module's {@code PublicApiTest} lists its
 * exceptions and fails on one outside this root.
 */
public class RolloutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message}. */
    public RolloutException(String message) {
        super(message);
    }

    /** An exception with {@code message}, caused by {@code cause}. */
    public RolloutException(String message, Throwable cause) {
        super(message, cause);
    }
}
