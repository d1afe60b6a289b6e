package dev.rollout.core.analysis;

import dev.rollout.api.analysis.AnalysisArg;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.DryRun;
import dev.rollout.api.analysis.MeasurementRetention;
import dev.rollout.api.analysis.Metric;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.analysis.condition.Conditions;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.provider.scripted.ScriptedValue;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs analysis templates on virtual time with scripted values, recording every event and update. */
final class AnalysisHarness {
    /** Tracks real providers' calls; tests of fake providers living in virtual time replace it. */
    VirtualScheduler scheduler = new VirtualScheduler();
    final List<RolloutEvent> events = new CopyOnWriteArrayList<>();
    final List<AnalysisRunStatus> updates = new CopyOnWriteArrayList<>();
    final Map<String, List<ScriptedValue>> scripts = new LinkedHashMap<>();
    final List<Metric> metrics = new ArrayList<>();
    final List<AnalysisArg> args = new ArrayList<>();
    final List<DryRun> dryRun = new ArrayList<>();
    final List<MeasurementRetention> retention = new ArrayList<>();
    final List<AnalysisRef.Arg> refArgs = new ArrayList<>();
    final List<MetricProvider> providers = new ArrayList<>();
    Duration timeout = Duration.ofSeconds(30);
    boolean throwingListeners;
    dev.rollout.api.spi.SecretResolver secretResolverOverride;
    AnalysisRun run;

    /** Converts test shorthand: numbers/strings/booleans → scalar, lists → vector, null → no data. */
    static ScriptedValue value(Object v) {
        if (v instanceof ScriptedValue s) {
            return s;
        }
        if (v == null) {
            return ScriptedValue.noData();
        }
        if (v instanceof List<?> list) {
            return ScriptedValue.vector(list);
        }
        return ScriptedValue.scalar(v);
    }

    AnalysisHarness metric(Metric metric, Object... values) {
        metrics.add(metric);
        if (values.length > 0) {
            List<ScriptedValue> script = new ArrayList<>();
            for (Object v : values) {
                script.add(value(v));
            }
            scripts.put(metric.name(), script);
        }
        return this;
    }

    AnalysisRun start() {
        AnalysisTemplate template = new AnalysisTemplate(AnalysisTemplate.Kind.AnalysisTemplate, "t",
                Optional.empty(), args, metrics, dryRun, retention, List.of(), "test.yaml");
        DefaultAnalysisLauncher launcher = DefaultAnalysisLauncher.builder()
                .scheduler(scheduler)
                .templates(TemplateRegistry.of(template))
                .provider(providers.toArray(MetricProvider[]::new))
                .scriptedMetrics(ScriptedMetrics.of(scripts))
                .conditionCompiler(Conditions::compile)
                .providerExecutor(Runnable::run)
                .secretResolver(secretResolverOverride)
                .measurementTimeout(timeout)
                .build();
        AnalysisRunRequest request = new AnalysisRunRequest("ns/app", "ns", "rev-2", "app-rev-2-step1",
                new AnalysisRef(List.of(new AnalysisRef.TemplateRef("t", false)), refArgs), Map.of(),
                e -> {
                    events.add(e);
                    if (throwingListeners) {
                        throw new IllegalStateException("listener bug");
                    }
                });
        run = launcher.start(request, u -> {
            updates.add(u);
            if (throwingListeners) {
                throw new IllegalStateException("listener bug");
            }
        });
        return run;
    }

    /** Advances virtual time in one-second steps until the run completes or {@code limit} passes. */
    AnalysisRunStatus runUntilDone(Duration limit) {
        long steps = limit.toSeconds();
        scheduler.runDue();
        for (long i = 0; i < steps && !run.status().phase().isCompleted(); i++) {
            scheduler.advance(Duration.ofSeconds(1));
        }
        return run.status();
    }

    static Metric.Builder web(String name) {
        return Metric.builder(name, "prometheus", Map.of("query", "q"));
    }
}
