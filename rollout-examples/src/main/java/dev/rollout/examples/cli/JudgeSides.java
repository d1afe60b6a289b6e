package dev.rollout.examples.cli;

import dev.rollout.api.analysis.Metric;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.judge.JudgeMetricProvider;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What {@code simulate} checks of a judge metric: each side scripted, or measurable by a configured provider. */
final class JudgeSides {
    private JudgeSides() {
    }

    /** The names the judge metric's sides are measured (and scripted) as. */
    static List<String> of(Metric metric) {
        return JudgeMetricProvider.sides(metric.name(), metric.provider()).stream()
                .map(JudgeMetricProvider.Side::metricName).toList();
    }

    /** Why sides of the judge metric cannot be measured, one message per side; empty when all can. */
    static List<String> unmeasurable(Metric metric, Optional<ScriptedMetrics> scripted,
            Map<String, MetricProvider> providers) {
        List<String> problems = new ArrayList<>();
        for (JudgeMetricProvider.Side side : JudgeMetricProvider.sides(metric.name(), metric.provider())) {
            if (scripted.map(s -> s.scripts(side.metricName())).orElse(false)) {
                continue;
            }
            Metric asMetric = Metric.builder(side.metricName(), side.providerType(), side.block()).build();
            SimulationInputs.unmeasurable(asMetric, providers)
                    .ifPresent(why -> problems.add("side " + side.metricName() + ": " + why));
        }
        return problems;
    }
}
