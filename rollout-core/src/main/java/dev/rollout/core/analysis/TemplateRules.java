package dev.rollout.core.analysis;

import dev.rollout.api.analysis.Metric;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The rules an analysis run applies to its templates, for code that checks templates before any
 * run (a parser, a linter): the same placeholder grammar, metric-name patterns and metric checks,
 * so a template that loads cleanly also starts cleanly. Stateless.
 */
public final class TemplateRules {
    private TemplateRules() {
    }

    /** The arg names {@code text} refers to with {@code {{args.<name>}}}, in order of appearance. */
    public static Set<String> argNames(String text) {
        return Placeholders.names(text);
    }

    /**
     * Whether {@code rule} (a {@code dryRun} or {@code measurementRetention} {@code metricName})
     * selects the metric named {@code metricName}: {@code *}, the exact name, or a regular
     * expression found in it, as in Argo.
     */
    public static boolean selects(String rule, String metricName) {
        return RunPlanner.matches(rule, metricName);
    }

    /**
     * Checks {@code metric} as a template is loaded: fields holding {@code {{args.*}}} are skipped
     * (they are checked once substituted), every other problem is given to {@code problems} as
     * (field name, message).
     */
    public static void checkAtLoad(Metric metric, ConditionCompiler conditions,
            BiConsumer<String, String> problems) {
        MetricChecker.check(metric, true, conditions, problems);
    }
}
