package dev.rollout.api;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A rollout, template or configuration that cannot be accepted. Carries every problem found, each
 * naming its file, line and field path, so a user fixes them all in one pass.
 */
public class InvalidSpecException extends RolloutException {
    private static final long serialVersionUID = 1L;

    private final transient List<SpecProblem> problems;

    public InvalidSpecException(List<SpecProblem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidSpecException(SpecProblem problem) {
        this(List.of(problem));
    }

    /** Every problem found, never empty. */
    public List<SpecProblem> problems() {
        return problems;
    }

    private static String render(List<SpecProblem> problems) {
        Objects.requireNonNull(problems, "problems");
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems must not be empty");
        }
        return problems.stream().map(SpecProblem::toString).collect(Collectors.joining("\n"));
    }

    /**
     * One problem: {@code file:line: field: message}, for example
     * {@code rollout.yaml:14: spec.strategy.canary.steps[2].setWeight: must be 0..100, was 150}.
     *
     * @param file the file name as the user gave it, or {@code <inline>} for specs built in code
     * @param line 1-based line, or 0 when unknown
     * @param field the field path, for example {@code spec.replicas}
     * @param message what is wrong and what was found
     */
    public record SpecProblem(String file, int line, String field, String message) {
        public SpecProblem {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + field + ": " + message;
        }
    }
}
