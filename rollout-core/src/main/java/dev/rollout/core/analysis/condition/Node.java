package dev.rollout.core.analysis.condition;

/**
 * A compiled piece of a condition. Nodes are immutable closures, so one compiled tree may be
 * evaluated from many threads at once.
 */
@FunctionalInterface
interface Node {

    /**
     * Evaluates this node.
     *
     * @param result the measurement value bound to {@code result}
     * @param element the element bound to {@code #} inside a predicate, else unused
     */
    Object eval(Object result, Object element);
}
