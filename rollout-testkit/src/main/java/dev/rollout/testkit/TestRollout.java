package dev.rollout.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.provider.scripted.ScriptedValue;
import dev.rollout.core.simulation.Simulation;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.spec.SpecLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs one rollout spec on the embedded cluster in virtual time and asserts how it ended: the
 * stable revision {@code 1} runs {@code spec.replicas} pods, revision {@code 2} is rolled out,
 * timed pauses end at once, and the run stops when the rollout settles (Healthy, or aborted) or
 * waits for a person (an indefinite pause, an inconclusive analysis). Built on rollout-core's
 * {@link Simulation}, which {@code rollout simulate} runs too.
 *
 * <pre>{@code
 * TestRollout.fromYaml(Files.readString(Path.of("rollout.yaml")))
 *         .metric("error-rate", ScriptedValue.scalar(0.01), ScriptedValue.scalar(0.09))
 *         .run()
 *         .assertAborted();
 * }</pre>
 *
 * Not thread-safe: configure and run it on one thread; each {@link #run()} starts afresh.
 */
public final class TestRollout {
    private final List<String> yamls = new ArrayList<>();
    private final List<RolloutSpec> specs = new ArrayList<>();
    private final List<AnalysisTemplate> templates = new ArrayList<>();
    private final Map<String, List<ScriptedValue>> scripts = new LinkedHashMap<>();
    private final Map<String, MetricProvider> providers = new LinkedHashMap<>();
    private Duration maxVirtualTime = Duration.ofDays(7);

    private TestRollout() {
    }

    /**
     * A run of the first Rollout in {@code yaml} (Argo Rollouts' format), with the AnalysisTemplates
     * in it; the YAML is loaded at {@link #run()}, so {@link #provider}s can be named in it.
     */
    public static TestRollout fromYaml(String yaml) {
        TestRollout run = new TestRollout();
        run.yamls.add(Objects.requireNonNull(yaml, "yaml"));
        return run;
    }

    /** A run of {@code spec}; add its templates with {@link #template}. */
    public static TestRollout of(RolloutSpec spec) {
        TestRollout run = new TestRollout();
        run.specs.add(Objects.requireNonNull(spec, "spec"));
        return run;
    }

    /** Adds an analysis template the rollout refers to. */
    public TestRollout template(AnalysisTemplate template) {
        templates.add(Objects.requireNonNull(template, "template"));
        return this;
    }

    /**
     * Scripts metric {@code name}: one value per measurement, in order, the last one repeating; a
     * scripted metric never reaches its real provider.
     */
    public TestRollout metric(String name, ScriptedValue... values) {
        Objects.requireNonNull(name, "name");
        if (values.length == 0) {
            throw new IllegalArgumentException("metric " + name + ": values must not be empty");
        }
        scripts.put(name, List.copyOf(Arrays.asList(values)));
        return this;
    }

    /** Scripts metric {@code name} with scalar values, as {@link #metric(String, ScriptedValue...)}. */
    public TestRollout metric(String name, double... values) {
        return metric(name, Arrays.stream(values).mapToObj(ScriptedValue::scalar).toArray(ScriptedValue[]::new));
    }

    /** A real provider for the metrics that are not scripted, by its type. */
    public TestRollout provider(MetricProvider provider) {
        providers.put(provider.type(), provider);
        return this;
    }

    /** Virtual time after which a rollout that never settles is stopped (default 7 days). */
    public TestRollout maxVirtualTime(Duration limit) {
        this.maxVirtualTime = Objects.requireNonNull(limit, "limit");
        return this;
    }

    /**
     * Runs the rollout to its end.
     *
     * @throws dev.rollout.api.InvalidSpecException naming the field of every problem in the spec
     */
    public Outcome run() {
        RolloutSpec spec = specs.isEmpty() ? null : specs.get(0);
        List<AnalysisTemplate> all = new ArrayList<>(templates);
        for (String yaml : yamls) {
            LoadedSpecs loaded = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), providers)
                    .loadString("<rollout yaml>", yaml);
            all.addAll(loaded.objects(AnalysisTemplate.class));
            if (spec == null && !loaded.rollouts().isEmpty()) {
                spec = loaded.rollouts().get(0);
            }
        }
        if (spec == null) {
            throw new IllegalArgumentException("the YAML holds no Rollout");
        }
        List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        Simulation.Builder simulation = Simulation.builder().spec(spec).templates(all).providers(providers)
                .maxVirtualTime(maxVirtualTime).listener(events::add);
        if (!scripts.isEmpty()) {
            simulation.scriptedMetrics(ScriptedMetrics.of(scripts));
        }
        Simulation.Result result = simulation.build().run();
        return new Outcome(result.status(), List.copyOf(events), Duration.between(result.start(), result.end()),
                result.stoppedAtLimit());
    }

    /**
     * How a test rollout ended.
     *
     * @param status the rollout's final status
     * @param events every event, in order
     * @param elapsed the virtual time the rollout took
     * @param stoppedAtLimit whether it was stopped by {@link #maxVirtualTime}
     */
    public record Outcome(RolloutStatus status, List<RolloutEvent> events, Duration elapsed,
            boolean stoppedAtLimit) {

        /** The final phase. */
        public RolloutPhase phase() {
            return status.phase();
        }

        /** Each event's message, in order: the rollout's story, for assertion messages. */
        public List<String> timeline() {
            return events.stream().map(RolloutEvent::message).toList();
        }

        /** Asserts the new revision was promoted fully: Healthy, not aborted. */
        public Outcome assertHealthy() {
            assertThat(status.phase()).as(describe("Healthy")).isEqualTo(RolloutPhase.Healthy);
            assertThat(status.aborted()).as(describe("not aborted")).isFalse();
            return this;
        }

        /** Asserts the rollout was aborted (traffic and replicas back on the stable revision). */
        public Outcome assertAborted() {
            assertThat(status.aborted()).as(describe("aborted")).isTrue();
            return this;
        }

        /** Asserts the rollout waits for a person (an indefinite pause, an inconclusive analysis). */
        public Outcome assertPaused() {
            assertThat(status.paused()).as(describe("paused")).isTrue();
            assertThat(status.aborted()).as(describe("not aborted")).isFalse();
            return this;
        }

        private String describe(String expected) {
            return "rollout " + status.rolloutId() + " expected " + expected + ", ended " + status.phase()
                    + (status.aborted() ? " (aborted)" : "") + (status.message().isEmpty() ? "" : ": "
                    + status.message()) + "\nevents:\n  " + String.join("\n  ", timeline());
        }
    }
}
