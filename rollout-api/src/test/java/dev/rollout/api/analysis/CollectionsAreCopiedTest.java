package dev.rollout.api.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each analysis record with a collection copies it: a caller changing what it passed afterwards
 * changes nothing in the record, and the collections a record returns refuse changes.
 */
class CollectionsAreCopiedTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void measurementRequestProviderIsADeepCopyAndSecretsACopy() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer {{args.token}}");
        headers.put("X-Empty", null);
        List<Object> queries = new ArrayList<>(List.of("a", "b"));
        Map<String, Object> provider = new LinkedHashMap<>();
        provider.put("url", "http://127.0.0.1/q");
        provider.put("headers", headers);
        provider.put("queries", queries);
        List<Secret> secrets = new ArrayList<>(List.of(Secret.of("s3cr3t")));
        MeasurementRequest request = MeasurementRequest.builder("ns/app", "run", "rate")
                .provider(provider).at(T0).timeout(Duration.ofSeconds(5)).secrets(secrets).build();

        headers.put("Authorization", "changed");
        queries.add("c");
        provider.put("url", "http://127.0.0.1/other");
        secrets.clear();

        assertThat(request.provider().get("url")).isEqualTo("http://127.0.0.1/q");
        @SuppressWarnings("unchecked")
        Map<String, Object> copied = (Map<String, Object>) request.provider().get("headers");
        assertThat(copied)
                .containsEntry("Authorization", "Bearer {{args.token}}").containsEntry("X-Empty", null);
        assertThat(request.provider().get("queries")).isEqualTo(List.of("a", "b"));
        assertThat(request.provider().keySet()).containsExactly("url", "headers", "queries");
        assertThat(request.secrets()).hasSize(1);
        refusesChanges(request.provider());
        refusesChanges((Map<?, ?>) request.provider().get("headers"));
        refusesChanges((List<?>) request.provider().get("queries"));
        refusesChanges(request.secrets());
    }

    @Test
    void aRequestRebuiltFromItsBuilderIsEqual() {
        MeasurementRequest request = MeasurementRequest.builder("ns/app", "run", "rate")
                .provider(Map.of("web", Map.of("url", "u"))).at(T0).interval(Duration.ofMinutes(1))
                .timeout(Duration.ofSeconds(5)).build();

        assertThat(request.toBuilder().build()).isEqualTo(request);
        assertThat(request.interval()).contains(Duration.ofMinutes(1));
    }

    @Test
    void metricProviderIsADeepCopy() {
        Map<String, Object> inner = new HashMap<>(Map.of("query", "up"));
        Map<String, Object> provider = new HashMap<>(Map.of("prometheus", inner));
        Metric metric = Metric.builder("up", "prometheus", provider).build();

        inner.put("query", "down");
        provider.clear();

        assertThat(metric.provider()).isEqualTo(Map.of("prometheus", Map.of("query", "up")));
        refusesChanges(metric.provider());
        refusesChanges((Map<?, ?>) metric.provider().get("prometheus"));
    }

    @Test
    void measurementAndJudgedDetailsAreDeepCopies() {
        Map<String, Object> stats = new HashMap<>(Map.of("p", 0.01));
        Map<String, Object> details = new HashMap<>(Map.of("stats", stats));
        Measurement measurement = new Measurement(AnalysisPhase.Successful, Optional.of("1"), "", T0,
                Optional.of(T0), details);
        MetricValue.Judged judged = new MetricValue.Judged(AnalysisPhase.Successful, 100, "ok", details);

        stats.put("p", 0.5);
        details.clear();

        assertThat(measurement.details()).isEqualTo(Map.of("stats", Map.of("p", 0.01)));
        assertThat(judged.details()).isEqualTo(Map.of("stats", Map.of("p", 0.01)));
        refusesChanges(measurement.details());
        refusesChanges((Map<?, ?>) measurement.details().get("stats"));
        refusesChanges(judged.details());
    }

    @Test
    void vectorValuesKeepNullsAndTagsAreCopies() {
        List<Object> values = new ArrayList<>();
        values.add(0.5);
        values.add(null);
        Map<String, String> firstTags = new HashMap<>(Map.of("env", "prod"));
        List<Map<String, String>> tags = new ArrayList<>(List.of(firstTags, Map.of()));
        MetricValue.Vector vector = new MetricValue.Vector(values, tags);

        values.set(0, 9.0);
        firstTags.put("env", "dev");
        tags.clear();

        assertThat(vector.values()).containsExactly(0.5, null);
        assertThat(vector.tags()).containsExactly(Map.of("env", "prod"), Map.of());
        refusesChanges(vector.values());
        refusesChanges(vector.tags());
        refusesChanges(vector.tags().get(0));
    }

    @Test
    void metricResultAndRunStatusListsAreCopies() {
        List<Measurement> measurements = new ArrayList<>(List.of(new Measurement(AnalysisPhase.Successful,
                Optional.of("1"), "", T0, Optional.of(T0))));
        MetricResult result = MetricResult.builder("rate", AnalysisPhase.Running).count(1).successful(1)
                .measurements(measurements).build();
        List<MetricResult> metrics = new ArrayList<>(List.of(result));
        AnalysisRunStatus run = new AnalysisRunStatus("run", AnalysisPhase.Running, metrics, "");

        measurements.clear();
        metrics.clear();

        assertThat(result.measurements()).hasSize(1);
        assertThat(run.metrics()).containsExactly(result);
        refusesChanges(result.measurements());
        refusesChanges(run.metrics());
    }

    @Test
    void analysisTemplateListsAreCopies() {
        List<AnalysisArg> args = new ArrayList<>(List.of(AnalysisArg.of("service", "app")));
        List<Metric> metrics = new ArrayList<>(List.of(Metric.builder("up", "web", Map.of("url", "u")).build()));
        List<DryRun> dryRun = new ArrayList<>(List.of(new DryRun("up")));
        AnalysisTemplate template = AnalysisTemplate.builder("t").args(args).metrics(metrics).dryRun(dryRun)
                .build();

        args.clear();
        metrics.clear();
        dryRun.clear();

        assertThat(template.args()).hasSize(1);
        assertThat(template.metrics()).hasSize(1);
        assertThat(template.dryRun()).hasSize(1);
        refusesChanges(template.args());
        refusesChanges(template.metrics());
        refusesChanges(template.dryRun());
        refusesChanges(template.measurementRetention());
        refusesChanges(template.templates());
    }

    static void refusesChanges(Collection<?> collection) {
        assertThatThrownBy(collection::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> collection.add(null)).isInstanceOf(UnsupportedOperationException.class);
    }

    static void refusesChanges(Map<?, ?> map) {
        assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.put(null, null)).isInstanceOf(UnsupportedOperationException.class);
    }
}
