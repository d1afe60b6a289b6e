package dev.rollout.examples.support;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.RolloutException;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutStatus;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * The exit codes of the example programs, the same as the {@code rollout} command's, and the one
 * place that turns their failures into a message on stderr and a code, never a stack trace.
 */
public final class ExampleExit {
    /** The new revision is fully promoted. */
    public static final int HEALTHY = 0;
    /** The rollout was aborted (analysis failed, readiness failed, an operator). */
    public static final int DEGRADED = 1;
    /** The rollout waits for a person: an indefinite pause or an inconclusive analysis. */
    public static final int PAUSED = 2;
    /** The rollout had not settled when the example stopped waiting for it. */
    public static final int NOT_SETTLED = 3;
    /** Bad arguments, or a file that cannot be read or is not a valid spec (EX_USAGE). */
    public static final int INVALID_INPUT = 64;
    /** Anything else that went wrong (EX_SOFTWARE): a cluster that cannot be reached, a bug. */
    public static final int INTERNAL_ERROR = 70;

    private ExampleExit() {
    }

    /** Bad arguments: the message and the usage are printed and the exit code is 64. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** A usage problem saying what is wrong. */
        public UsageException(String message) {
            super(message);
        }
    }

    /** A body of an example's {@code main}, answering its exit code. */
    @FunctionalInterface
    public interface Body {
        /** Runs the example. */
        int run() throws Exception;
    }

    /** The exit code of a rollout's final status. */
    public static int of(RolloutStatus status) {
        if (status.aborted()) {
            return DEGRADED;
        }
        return switch (status.phase()) {
            case Healthy -> HEALTHY;
            case Paused -> PAUSED;
            case Degraded, Progressing -> NOT_SETTLED;
        };
    }

    /** Whether a status is final for an example: Healthy or aborted. */
    public static boolean settled(RolloutStatus status) {
        return status.phase() == RolloutPhase.Healthy || status.aborted();
    }

    /**
     * Runs {@code body} and returns its exit code; a failure is printed as one line on {@code err}
     * ({@code error: FILE:LINE: FIELD: MESSAGE} per spec problem) with its exit code, no trace.
     */
    public static int guard(String program, String usage, PrintStream err, Body body) {
        try {
            return body.run();
        } catch (UsageException e) {
            err.println(program + ": " + e.getMessage());
            err.println(usage);
            return INVALID_INPUT;
        } catch (InvalidSpecException e) {
            e.problems().forEach(p -> err.println("error: " + p));
            return INVALID_INPUT;
        } catch (UncheckedIOException e) {
            err.println(program + ": " + e.getCause().getMessage());
            return INVALID_INPUT;
        } catch (java.io.IOException e) {
            err.println(program + ": cannot read " + e.getMessage());
            return INVALID_INPUT;
        } catch (IllegalArgumentException e) {
            err.println(program + ": " + e.getMessage());
            return INVALID_INPUT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(program + ": interrupted");
            return INTERNAL_ERROR;
        } catch (RolloutException e) {
            err.println(program + ": " + e.getMessage());
            return INTERNAL_ERROR;
        } catch (Exception e) {
            err.println(program + ": internal error: " + e);
            return INTERNAL_ERROR;
        }
    }
}
