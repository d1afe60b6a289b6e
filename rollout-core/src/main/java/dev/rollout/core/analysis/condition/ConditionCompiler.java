package dev.rollout.core.analysis.condition;

import dev.rollout.core.analysis.condition.Comparison;
import dev.rollout.core.analysis.condition.Condition;
import dev.rollout.core.analysis.condition.ConditionEvaluationException;
import dev.rollout.core.analysis.condition.ConditionSyntaxException;
import java.util.Objects;
import java.util.Optional;

/** Compiles conditions; use {@code Conditions.compile}, which is the supported entry point. */
final class ConditionCompiler {

    private ConditionCompiler() {
    }

    /**
     * Parses and compiles an expression.
     *
     * @throws ConditionSyntaxException if the expression does not parse
     */
    public static Condition compile(String expression) {
        Objects.requireNonNull(expression, "expression");
        Source source = new Source(expression);
        Parser.Parsed parsed = Parser.parse(source);
        return new Compiled(source, parsed.root(), parsed.comparison());
    }

    /** A compiled condition: an immutable tree of closures, safe to share between threads. */
    private static final class Compiled implements Condition {
        private final Source source;
        private final String expression;
        private final Node root;
        private final Optional<Comparison> comparison;

        Compiled(Source source, Node root, Optional<Comparison> comparison) {
            this.source = source;
            this.expression = source.text();
            this.root = root;
            this.comparison = comparison;
        }

        @Override
        public Optional<Comparison> comparison() {
            return comparison;
        }

        @Override
        public String expression() {
            return expression;
        }

        @Override
        public Object evaluate(Object result) {
            try {
                return root.eval(result, null);
            } catch (ConditionEvaluationException e) {
                throw e;
            } catch (RuntimeException e) {
                // A result of an unexpected shape (say a list that throws) must not escape as a bare bug.
                throw new ConditionEvaluationException("cannot evaluate \"" + source.quoted() + "\": " + e);
            }
        }

        @Override
        public String toString() {
            return "Condition[" + source.quoted() + "]";
        }
    }
}
