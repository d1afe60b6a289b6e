package dev.rollout.core.conductor.hooks;

import java.util.Objects;

/**
 * How a pre-deploy hook ended.
 *
 * @param hook the hook's name
 * @param succeeded whether the deploy may go on
 * @param message what happened, in one line (the exit code, the timeout, why it could not start)
 * @param outputTail the end of the hook's output with secrets masked; empty when there is none
 */
public record HookOutcome(String hook, boolean succeeded, String message, String outputTail) {
    public HookOutcome {
        Objects.requireNonNull(hook, "hook");
        message = message == null ? "" : message;
        outputTail = outputTail == null ? "" : outputTail;
    }

    /** A successful outcome. */
    public static HookOutcome success(String hook, String message, String outputTail) {
        return new HookOutcome(hook, true, message, outputTail);
    }

    /** A failed outcome. */
    public static HookOutcome failure(String hook, String message, String outputTail) {
        return new HookOutcome(hook, false, message, outputTail);
    }
}
