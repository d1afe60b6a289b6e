package dev.rollout.core.analysis.condition;

/** A literal; the parser looks through it to specialize comparisons against constants. */
record Constant(Object value) implements Node {

    @Override
    public Object eval(Object result, Object element) {
        return value;
    }
}
