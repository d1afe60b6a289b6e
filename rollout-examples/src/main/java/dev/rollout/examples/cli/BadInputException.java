package dev.rollout.examples.cli;

/**
 * Bad input that is not a command-line slip (a kubeconfig without the context, a state
 * directory that does not exist, an API server that does not answer): one line on standard
 * error, exit 64, without the usage text.
 */
final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message, null, false, false);
    }
}
