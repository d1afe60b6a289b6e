package dev.rollout.examples.cli;

/**
 * A command-line mistake found after parsing (a required value that is blank, a duration that
 * does not parse, a report path that cannot be written): one line on standard error, exit 64.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message, null, false, false);
    }
}
