package dev.rollout.core.analysis;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.analysis.DryRun;
import dev.rollout.api.analysis.MeasurementRetention;
import dev.rollout.api.analysis.Metric;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.analysis.ConditionCompiler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a resolved analysis into the metrics a run measures: substitutes args, then runs the
 * checks that fields holding placeholders skipped at load time. A placeholder naming an undeclared
 * arg is a spec error ({@link InvalidSpecException}); a substituted value that fails a check makes
 * the plan invalid, and the run starts in Error with {@link Plan#problems()} as its message.
 */
final class RunPlanner {
    /** Argo's default number of measurements kept per metric. */
    public static final int DEFAULT_RETENTION = 10;

    private RunPlanner() {
    }

    /** The metrics of a run, or why there are none. */
    public record Plan(List<ResolvedMetric> metrics, List<String> problems) {
        public Plan {
            metrics = List.copyOf(metrics);
            problems = List.copyOf(problems);
        }

        /** Whether the run can be measured. */
        public boolean isValid() {
            return problems.isEmpty();
        }
    }

    /**
     * Plans a run. {@code providerFor} answers the provider for a metric (by name and type), or
     * null when none is registered.
     */
    public static Plan plan(ResolvedAnalysis analysis, ConditionCompiler compiler,
            Function<Metric, MetricProvider> providerFor) {
        List<Metric> substituted = new ArrayList<>();
        List<SpecProblem> specProblems = new ArrayList<>();
        for (Metric m : analysis.metrics()) {
            try {
                substituted.add(substitute(m, analysis.args()));
            } catch (IllegalArgumentException e) {
                specProblems.add(new SpecProblem(analysis.metricTemplates().get(m.name()), 0,
                        "spec.metrics[" + m.name() + "]", e.getMessage()
                                + " (declare it in spec.args of the template)"));
            }
        }
        if (!specProblems.isEmpty()) {
            throw new InvalidSpecException(specProblems);
        }
        List<String> problems = new ArrayList<>();
        if (substituted.isEmpty()) {
            problems.add("no metrics in templates " + analysis.templates());
        }
        boolean[] dry = dryRunFlags(substituted, analysis.dryRun(), problems);
        int[] retention = retention(substituted, analysis.measurementRetention(), problems);
        List<ResolvedMetric> resolved = new ArrayList<>();
        for (int i = 0; i < substituted.size(); i++) {
            Metric m = substituted.get(i);
            String template = analysis.metricTemplates().get(m.name());
            String prefix = "template " + template + " metric \"" + m.name() + "\" ";
            MetricChecker.Typed t = MetricChecker.check(m, false, compiler,
                    (field, message) -> problems.add(prefix + field + ": " + message));
            MetricProvider provider = providerFor.apply(m);
            if (provider == null) {
                problems.add(prefix + "provider: no metric provider is registered for \""
                        + m.providerType() + "\"");
            } else {
                for (String p : provider.validate(m.provider())) {
                    problems.add(prefix + "provider." + m.providerType() + "." + p);
                }
            }
            if (!t.complete() || provider == null) {
                continue;
            }
            int effectiveCount = t.count() == 0 && t.interval() == null ? 1 : t.count();
            resolved.add(new ResolvedMetric(m.name(), template, Optional.ofNullable(t.interval()),
                    t.initialDelay() == null ? Duration.ZERO : t.initialDelay(), effectiveCount,
                    t.successCondition(), t.failureCondition(), t.failureLimit(),
                    t.inconclusiveLimit(), t.consecutiveErrorLimit(), t.consecutiveSuccessLimit(),
                    m.noDataPolicy(), m.providerType(), m.provider(), dry[i], retention[i]));
        }
        return problems.isEmpty() ? new Plan(resolved, List.of()) : new Plan(List.of(), problems);
    }

    /** Substitutes args in every field of {@code m} that may hold a placeholder. */
    @SuppressWarnings("unchecked")
    static Metric substitute(Metric m, Map<String, String> args) {
        return new Metric(m.name(), sub(m.interval(), args), sub(m.initialDelay(), args),
                sub(m.count(), args), sub(m.successCondition(), args), sub(m.failureCondition(), args),
                sub(m.failureLimit(), args), sub(m.inconclusiveLimit(), args),
                sub(m.consecutiveErrorLimit(), args), sub(m.consecutiveSuccessLimit(), args),
                m.noDataPolicy(), m.providerType(),
                (Map<String, Object>) Placeholders.substituteDeep(m.provider(), args));
    }

    private static Optional<String> sub(Optional<String> text, Map<String, String> args) {
        return text.map(s -> Placeholders.substitute(s, args));
    }

    /** Whether a dry-run or retention rule's name matches a metric: {@code *}, exact, or a regex found in it (Argo). */
    public static boolean matches(String rule, String metricName) {
        if (rule.equals("*") || rule.equals(metricName)) {
            return true;
        }
        try {
            return Pattern.compile(rule).matcher(metricName).find();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private static boolean[] dryRunFlags(List<Metric> metrics, List<DryRun> rules, List<String> problems) {
        boolean[] flags = new boolean[metrics.size()];
        for (int r = 0; r < rules.size(); r++) {
            boolean any = false;
            for (int i = 0; i < metrics.size(); i++) {
                if (matches(rules.get(r).metricName(), metrics.get(i).name())) {
                    flags[i] = true;
                    any = true;
                }
            }
            if (!any) {
                problems.add("dryRun[" + r + "].metricName: \"" + rules.get(r).metricName()
                        + "\" matches no metric");
            }
        }
        return flags;
    }

    private static int[] retention(List<Metric> metrics, List<MeasurementRetention> rules,
            List<String> problems) {
        int[] limits = new int[metrics.size()];
        java.util.Arrays.fill(limits, DEFAULT_RETENTION);
        for (int r = 0; r < rules.size(); r++) {
            MeasurementRetention rule = rules.get(r);
            boolean any = false;
            for (int i = 0; i < metrics.size(); i++) {
                if (matches(rule.metricName(), metrics.get(i).name())) {
                    any = true;
                    if (rule.limit() > 0) {
                        limits[i] = rule.limit();
                    }
                }
            }
            if (!any) {
                problems.add("measurementRetention[" + r + "].metricName: \"" + rule.metricName()
                        + "\" matches no metric");
            }
        }
        return limits;
    }
}
