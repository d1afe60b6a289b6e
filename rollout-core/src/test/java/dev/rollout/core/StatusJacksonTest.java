package dev.rollout.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.analysis.MetricResult;
import dev.rollout.api.model.PauseCondition;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.model.StepRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Status objects serialize with a plain {@code new ObjectMapper()}: no modules, no Optional surprises. */
class StatusJacksonTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T00:01:30.250Z");

    private static RolloutStatus status(Optional<String> active) {
        Measurement done = new Measurement(AnalysisPhase.Successful, Optional.of("0.01"), "result < 0.05",
                T0, Optional.of(T1));
        Measurement running = new Measurement(AnalysisPhase.Running, Optional.empty(), "", T1,
                Optional.empty());
        MetricResult metric = new MetricResult("error-rate", AnalysisPhase.Running, false, 1, 1, 0, 0, 0,
                0, 1, List.of(done, running), "measuring");
        AnalysisRunStatus run = new AnalysisRunStatus("checkout-2-step1", AnalysisPhase.Running,
                List.of(metric), "measuring");
        return new RolloutStatus("shop/checkout", RolloutPhase.Paused, "paused at step 1", 1, 3, false,
                List.of(new PauseCondition(PauseCondition.Reason.CanaryPauseStep, T1)), "1", "2", 25, 3, 1,
                active, Optional.empty(), List.of(new StepRecord(0, "setWeight", T0, 25, 1, 3)),
                List.of(run), T0, T1);
    }

    @Test
    void aStatusWithEveryKindOfValueSerializesWithAPlainObjectMapper() throws Exception {
        ObjectMapper mapper = new ObjectMapper();

        JsonNode json = mapper.readTree(mapper.writeValueAsString(status(Optional.of("2"))));

        assertThat(json.get("rolloutId").asText()).isEqualTo("shop/checkout");
        assertThat(json.get("phase").asText()).isEqualTo("Paused");
        assertThat(json.get("paused").asBoolean()).isTrue();
        assertThat(json.get("activeRevision").asText()).isEqualTo("2");
        assertThat(json.get("previewRevision").isNull()).isTrue();
        assertThat(Instant.parse(json.get("updatedAt").asText())).isEqualTo(T1);
        assertThat(json.at("/pauseConditions/0/reason").asText()).isEqualTo("CanaryPauseStep");
        assertThat(Instant.parse(json.at("/pauseConditions/0/startTime").asText())).isEqualTo(T1);
        assertThat(json.at("/history/0/at").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(json.at("/history/0/canaryWeight").asInt()).isEqualTo(25);
        JsonNode measurements = json.at("/analysisRuns/0/metrics/0/measurements");
        assertThat(measurements.get(0).get("value").asText()).isEqualTo("0.01");
        assertThat(Instant.parse(measurements.get(0).get("finishedAt").asText())).isEqualTo(T1);
        assertThat(measurements.get(1).get("value").isNull()).isTrue();
        assertThat(measurements.get(1).get("finishedAt").isNull()).isTrue();
        assertThat(json.at("/analysisRuns/0/metrics/0/consecutiveSuccess").asInt()).isEqualTo(1);
        assertThat(json.findValues("present")).as("no Optional written as a bean").isEmpty();
        assertThat(json.findValues("empty")).isEmpty();
        assertThat(json.findValues("epochSecond")).as("no Instant written as a bean").isEmpty();
    }

    @Test
    void everyRecordComponentIsWritten() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(mapper.writeValueAsString(status(Optional.empty())));

        assertHasComponents(json, RolloutStatus.class);
        assertHasComponents(json.at("/pauseConditions/0"), PauseCondition.class);
        assertHasComponents(json.at("/history/0"), StepRecord.class);
        assertHasComponents(json.at("/analysisRuns/0"), AnalysisRunStatus.class);
        assertHasComponents(json.at("/analysisRuns/0/metrics/0"), MetricResult.class);
        assertHasComponents(json.at("/analysisRuns/0/metrics/0/measurements/1"), Measurement.class);
        assertThat(json.get("activeRevision").isNull()).isTrue();
    }

    private static void assertHasComponents(JsonNode node, Class<? extends Record> type) {
        List<String> names = Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList();
        List<String> fields = new ArrayList<>();
        node.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).as(type.getSimpleName()).containsAll(names);
    }

    @Test
    void theStatusOfASimulatedRolloutWithAnalysisSerializes() throws Exception {
        var specs = dev.rollout.core.analysis.template.AnalysisTemplateParser.registerOn(
                dev.rollout.core.spec.SpecLoader.withDefaults(), java.util.Map.of()).loadString("c.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: checkout, namespace: shop}
                spec:
                  replicas: 4
                  strategy:
                    canary:
                      steps:
                      - setWeight: 25
                      - analysis: {templates: [{templateName: t}]}
                      - pause: {}
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: t, namespace: shop}
                spec:
                  metrics:
                  - name: m
                    count: 2
                    interval: 1m
                    successCondition: result < 1
                    provider: {prometheus: {query: q}}
                """);
        var result = dev.rollout.core.simulation.Simulation.builder()
                .spec(specs.rollouts().get(0))
                .templates(specs.objects(dev.rollout.api.analysis.AnalysisTemplate.class))
                .scriptedMetrics(dev.rollout.core.provider.scripted.ScriptedMetrics.of(java.util.Map.of("m",
                        List.of(dev.rollout.core.provider.scripted.ScriptedValue.scalar(0.5)))))
                .build().run();

        JsonNode whole = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(result));
        assertHasComponents(whole, dev.rollout.core.simulation.Simulation.Result.class);
        assertThat(Instant.parse(whole.get("start").asText()))
                .isEqualTo(dev.rollout.core.simulation.Simulation.START);
        JsonNode json = whole.get("status");

        assertThat(json.get("phase").asText()).isEqualTo("Paused");
        assertThat(json.at("/pauseConditions/0/reason").asText()).isEqualTo("CanaryPauseStep");
        assertThat(json.at("/analysisRuns/0/metrics/0/measurements")).hasSize(2);
        assertThat(json.at("/analysisRuns/0/metrics/0/measurements/0/value").asText()).isEqualTo("0.5");
        assertThat(json.findValues("present")).isEmpty();
    }
}
