package dev.rollout.core.report;

import dev.rollout.api.analysis.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line a metric's measurements are judged against, read from a condition that compares the
 * result with a number ({@code result[0] >= 0.95}, {@code default(result, 0) < 0.05}). Conditions
 * of another shape yield none: the report then colours the points by phase only.
 *
 * @param metric the metric's name
 * @param kind whether it comes from the success or the failure condition
 * @param condition the condition as written
 * @param operator {@code <}, {@code <=}, {@code >}, {@code >=} or {@code ==}, with the result
 *     on the left
 * @param value the number the result is compared with
 */
public record Threshold(String metric, Kind kind, String condition, String operator, double value) {

    /** Which condition a threshold comes from. */
    public enum Kind { Success, Failure }

    private static final String RESULT = "(?:result(?:\\s*\\[\\s*0\\s*\\])?"
            + "|default\\(\\s*result\\s*,[^()]*\\)|as(?:Float|Int)\\(\\s*result\\s*\\))";
    private static final String NUMBER = "([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)";
    private static final String OP = "(<=|>=|==|<|>)";
    private static final Pattern RESULT_FIRST = Pattern.compile(RESULT + "\\s*" + OP + "\\s*" + NUMBER);
    private static final Pattern NUMBER_FIRST = Pattern.compile(NUMBER + "\\s*" + OP + "\\s*" + RESULT);
    // A guard for no data or NaN before the comparison does not move the line.
    private static final Pattern GUARD = Pattern.compile(
            "^(?:(?:isNaN|isNil|isInf)\\(\\s*result\\s*\\)|len\\(\\s*result\\s*\\)\\s*==\\s*0)"
                    + "\\s*(?:\\|\\||or)\\s*");

    public Threshold {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(operator, "operator");
    }

    /** The thresholds of a metric's success and failure conditions; never null, possibly empty. */
    public static List<Threshold> of(Metric metric) {
        List<Threshold> found = new ArrayList<>();
        metric.successCondition().flatMap(c -> parse(metric.name(), Kind.Success, c))
                .ifPresent(found::add);
        metric.failureCondition().flatMap(c -> parse(metric.name(), Kind.Failure, c))
                .ifPresent(found::add);
        return List.copyOf(found);
    }

    /** The threshold of one condition, if it compares the result with a number. */
    public static Optional<Threshold> parse(String metric, Kind kind, String condition) {
        String text = condition.trim();
        Matcher guard = GUARD.matcher(text);
        if (guard.find()) {
            text = text.substring(guard.end()).trim();
        }
        Matcher m = RESULT_FIRST.matcher(text);
        if (m.matches()) {
            return Optional.of(new Threshold(metric, kind, condition, m.group(1),
                    Double.parseDouble(m.group(2))));
        }
        m = NUMBER_FIRST.matcher(text);
        if (m.matches()) {
            return Optional.of(new Threshold(metric, kind, condition, flip(m.group(2)),
                    Double.parseDouble(m.group(1))));
        }
        return Optional.empty();
    }

    private static String flip(String op) {
        return switch (op) {
            case "<" -> ">";
            case "<=" -> ">=";
            case ">" -> "<";
            case ">=" -> "<=";
            default -> op;
        };
    }
}
