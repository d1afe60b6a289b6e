package dev.rollout.core.analysis.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.Metric;
import dev.rollout.api.analysis.NoDataPolicy;
import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.provider.web.WebMetricProvider;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.spec.SpecLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AnalysisTemplateParserTest {
    private static final Map<String, MetricProvider> PROVIDERS = Map.of("web", new WebMetricProvider());
    private static final SpecLoader LOADER = AnalysisTemplateParser.registerOn(SpecLoader.create(), PROVIDERS);

    @Test
    void loadsArgoTemplatesWithEveryField() {
        LoadedSpecs specs = LOADER.load(Path.of("src/test/resources/analysis/templates.yaml"));
        List<AnalysisTemplate> templates = specs.objects(AnalysisTemplate.class);
        assertThat(templates).hasSize(2);
        AnalysisTemplate t = templates.get(0);
        assertThat(t.kind()).isEqualTo(AnalysisTemplate.Kind.AnalysisTemplate);
        assertThat(t.name()).isEqualTo("success-rate");
        assertThat(t.args()).hasSize(3);
        assertThat(t.args().get(0).isRequired()).isTrue();
        assertThat(t.args().get(1).value()).contains("0.95");
        assertThat(t.args().get(2).secretKeyRef()).contains(new SecretKeyRef("metrics-api", "token"));
        Metric sr = t.metrics().get(0);
        assertThat(sr.interval()).contains("5m");
        assertThat(sr.count()).contains("3");
        assertThat(sr.failureLimit()).contains("1");
        assertThat(sr.successCondition()).contains("result[0] >= {{args.threshold}}");
        assertThat(sr.providerType()).isEqualTo("web");
        assertThat(sr.provider()).containsEntry("jsonPath", "{$.data.rate}");
        Metric er = t.metrics().get(1);
        assertThat(er.noDataPolicy()).isEqualTo(NoDataPolicy.INCONCLUSIVE);
        assertThat(er.initialDelay()).contains("30s");
        assertThat(er.consecutiveErrorLimit()).contains("2");
        assertThat(er.providerType()).isEqualTo("prometheus");
        assertThat(t.dryRun()).extracting(d -> d.metricName()).containsExactly("error-rate");
        assertThat(t.measurementRetention()).singleElement().extracting(r -> r.limit()).isEqualTo(20);
        AnalysisTemplate composed = templates.get(1);
        assertThat(composed.kind()).isEqualTo(AnalysisTemplate.Kind.ClusterAnalysisTemplate);
        assertThat(composed.templates()).singleElement().extracting(r -> r.templateName()).isEqualTo("success-rate");
        assertThat(composed.namespace()).isEqualTo(Optional.empty());
    }

    /** One invalid metric: its YAML (indented under a metric list item), the field and message expected. */
    record Invalid(String name, String metricYaml, String field, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Invalid> invalidMetrics() {
        return Stream.of(
            new Invalid("no provider", "name: m", "spec.metrics[0].provider", "is required"),
            new Invalid("two providers", "name: m\n  provider: {web: {url: http://x}, prometheus: {query: q}}",
                    "spec.metrics[0].provider", "must set exactly one provider, found web and prometheus"),
            new Invalid("unknown provider", "name: m\n  provider: {stats: {}}",
                    "spec.metrics[0].provider.stats", "unknown provider \"stats\""),
            new Invalid("provider block checked by the provider", "name: m\n  provider: {web: {method: GET}}",
                    "spec.metrics[0].provider.web", "web.url: is required"),
            new Invalid("count > 1 without interval", "name: m\n  count: 3\n  provider: {job: {}}",
                    "spec.metrics[0].count", "interval must be set when count > 1"),
            new Invalid("failureLimit < -1", "name: m\n  failureLimit: -2\n  provider: {job: {}}",
                    "spec.metrics[0].failureLimit", "must be >= -1"),
            new Invalid("failureLimit -1 and consecutiveSuccessLimit 0",
                    "name: m\n  failureLimit: -1\n  provider: {job: {}}",
                    "spec.metrics[0].failureLimit", "disable both limits"),
            new Invalid("negative inconclusiveLimit", "name: m\n  inconclusiveLimit: -1\n  provider: {job: {}}",
                    "spec.metrics[0].inconclusiveLimit", "must be >= 0, was -1"),
            new Invalid("negative consecutiveErrorLimit",
                    "name: m\n  consecutiveErrorLimit: -1\n  provider: {job: {}}",
                    "spec.metrics[0].consecutiveErrorLimit", "must be >= 0, was -1"),
            new Invalid("negative consecutiveSuccessLimit",
                    "name: m\n  consecutiveSuccessLimit: -3\n  provider: {job: {}}",
                    "spec.metrics[0].consecutiveSuccessLimit", "must be >= 0, was -3"),
            new Invalid("count < failureLimit + consecutiveSuccessLimit",
                    "name: m\n  interval: 1m\n  count: 3\n  failureLimit: 2\n  consecutiveSuccessLimit: 2\n"
                            + "  provider: {job: {}}",
                    "spec.metrics[0].count", "must be >= failureLimit + consecutiveSuccessLimit (2 + 2), was 3"),
            new Invalid("count < consecutiveSuccessLimit with failureLimit -1",
                    "name: m\n  interval: 1m\n  count: 2\n  failureLimit: -1\n  consecutiveSuccessLimit: 3\n"
                            + "  provider: {job: {}}",
                    "spec.metrics[0].count", "must be >= consecutiveSuccessLimit (3), was 2"),
            new Invalid("count < inconclusiveLimit",
                    "name: m\n  interval: 1m\n  count: 2\n  inconclusiveLimit: 3\n  provider: {job: {}}",
                    "spec.metrics[0].count", "must be >= inconclusiveLimit (3), was 2"),
            new Invalid("bad interval", "name: m\n  interval: 5 minutes\n  provider: {job: {}}",
                    "spec.metrics[0].interval", "5 minutes"),
            new Invalid("bad initialDelay", "name: m\n  initialDelay: soon\n  provider: {job: {}}",
                    "spec.metrics[0].initialDelay", "soon"),
            new Invalid("successCondition that does not parse",
                    "name: m\n  successCondition: result <\n  provider: {job: {}}",
                    "spec.metrics[0].successCondition", "does not parse"),
            new Invalid("failureCondition that does not parse",
                    "name: m\n  failureCondition: result >> 1 (\n  provider: {job: {}}",
                    "spec.metrics[0].failureCondition", "does not parse"),
            new Invalid("unknown metric field", "name: m\n  intervall: 1m\n  provider: {job: {}}",
                    "spec.metrics[0].intervall", "did you mean interval?"),
            new Invalid("bad noDataPolicy", "name: m\n  noDataPolicy: skip\n  provider: {job: {}}",
                    "spec.metrics[0].noDataPolicy", "must be one of error, inconclusive, fail, pass"),
            new Invalid("non-integer count", "name: m\n  interval: 1m\n  count: lots\n  provider: {job: {}}",
                    "spec.metrics[0].count", "must be an integer, was \"lots\""),
            new Invalid("negative count", "name: m\n  interval: 1m\n  count: -1\n  provider: {job: {}}",
                    "spec.metrics[0].count", "must be >= 0"),
            new Invalid("metric without a name", "provider: {job: {}}", "spec.metrics[0].name", "is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidMetrics")
    void everyValidationErrorNamesFileLineTemplateMetricAndField(Invalid c) {
        String yaml = "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: t\n"
                + "spec:\n  metrics:\n  - " + c.metricYaml().replace("\n  ", "\n    ") + "\n";
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> LOADER.loadString("bad.yaml", yaml));
        assertThat(e).as("expected a spec error").isNotNull();
        assertThat(e.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("bad.yaml");
            assertThat(p.line()).isGreaterThanOrEqualTo(7);
            assertThat(p.field()).isEqualTo(c.field());
            assertThat(p.message()).contains(c.message());
        });
        if (!c.name().equals("metric without a name") && !c.name().equals("unknown metric field")) {
            assertThat(e.problems()).anySatisfy(p -> assertThat(p.message())
                    .contains("AnalysisTemplate t, metric \"m\""));
        }
    }

    @Test
    void templateLevelErrors() {
        String yaml = """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: t
                spec:
                  metrics:
                  - name: a
                    provider: {job: {}}
                  - name: a
                    provider: {job: {}}
                  dryRun:
                  - metricName: nothing-like-this
                  args:
                  - name: x
                    value: "1"
                    valueFrom: {secretKeyRef: {name: s, key: k}}
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: empty
                spec:
                  metrics: []
                """;
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> LOADER.loadString("t.yaml", yaml));
        assertThat(e.problems()).extracting(SpecProblem::field, SpecProblem::line).contains(
                org.assertj.core.groups.Tuple.tuple("spec.metrics[1].name", 9),
                org.assertj.core.groups.Tuple.tuple("spec.dryRun[0].metricName", 12),
                org.assertj.core.groups.Tuple.tuple("spec.metrics", 23));
        assertThat(e.problems()).extracting(SpecProblem::message).anySatisfy(m ->
                assertThat(m).contains("duplicate metric name \"a\""));
        assertThat(e.problems()).extracting(SpecProblem::message).anySatisfy(m ->
                assertThat(m).contains("must have at least one metric"));
        assertThat(e.problems()).extracting(SpecProblem::message).anySatisfy(m ->
                assertThat(m).contains("set value or valueFrom, not both"));
    }

    @Test
    void fieldsHoldingPlaceholdersAreCheckedAtRunStartNotAtLoad() {
        String yaml = """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: t
                spec:
                  args: [{name: count}, {name: limit}]
                  metrics:
                  - name: m
                    interval: 1m
                    count: "{{args.count}}"
                    failureLimit: "{{args.limit}}"
                    successCondition: "result < {{args.limit}}"
                    provider: {job: {}}
                """;
        assertThat(LOADER.loadString("t.yaml", yaml).objects(AnalysisTemplate.class)).hasSize(1);
    }

    @Test
    void reportsEveryIndependentProblemOfEveryMetricInOnePass() {
        String yaml = """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: t
                spec:
                  metrics:
                  - name: a
                    provider: {}
                    failureLimit: -2
                    inconclusiveLimit: -1
                  - name: b
                    interval: 5x
                    provider: {web: {url: http://x}, prometheus: {query: q}}
                  - name: c
                    noDataPolicy: skip
                    successCondition: "result <"
                    interval: 1m
                    count: 3
                    failureLimit: 2
                    consecutiveSuccessLimit: 2
                    provider: {job: {}}
                  - name: a
                    provider: {stats: {}}
                  - name: d
                    inconclusiveLimit: [1]
                    provider: {job: {}}
                """;
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> LOADER.loadString("all.yaml", yaml));
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo("all.yaml"));
        assertThat(e.problems()).extracting(SpecProblem::line, SpecProblem::field, SpecProblem::message)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(8, "spec.metrics[0].provider",
                                "AnalysisTemplate t, metric \"a\": must set exactly one provider, found none"),
                        org.assertj.core.groups.Tuple.tuple(9, "spec.metrics[0].failureLimit",
                                "AnalysisTemplate t, metric \"a\": must be >= -1 (-1 disables it), was -2"),
                        org.assertj.core.groups.Tuple.tuple(10, "spec.metrics[0].inconclusiveLimit",
                                "AnalysisTemplate t, metric \"a\": must be >= 0, was -1"),
                        org.assertj.core.groups.Tuple.tuple(12, "spec.metrics[1].interval",
                                "AnalysisTemplate t, metric \"b\": " + durationError("5x")),
                        org.assertj.core.groups.Tuple.tuple(13, "spec.metrics[1].provider",
                                "AnalysisTemplate t, metric \"b\": must set exactly one provider, found web and prometheus"),
                        org.assertj.core.groups.Tuple.tuple(15, "spec.metrics[2].noDataPolicy",
                                "AnalysisTemplate t, metric \"c\": must be one of error, inconclusive, fail, pass, was \"skip\""),
                        org.assertj.core.groups.Tuple.tuple(16, "spec.metrics[2].successCondition",
                                "AnalysisTemplate t, metric \"c\": does not parse: " + conditionError("result <")),
                        org.assertj.core.groups.Tuple.tuple(18, "spec.metrics[2].count",
                                "AnalysisTemplate t, metric \"c\": must be >= failureLimit + consecutiveSuccessLimit (2 + 2), was 3"),
                        org.assertj.core.groups.Tuple.tuple(22, "spec.metrics[3].name",
                                "AnalysisTemplate t: duplicate metric name \"a\""),
                        org.assertj.core.groups.Tuple.tuple(23, "spec.metrics[3].provider.stats",
                                "AnalysisTemplate t, metric \"a\": unknown provider \"stats\", expected one of: "
                                        + String.join(", ", knownProviders())),
                        org.assertj.core.groups.Tuple.tuple(25, "spec.metrics[4].inconclusiveLimit",
                                "AnalysisTemplate t, metric \"d\": must be a number or a string, was a list"));
    }

    private static String durationError(String text) {
        try {
            dev.rollout.api.Durations.parse(text);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError(text + " parsed");
    }

    private static String conditionError(String text) {
        try {
            dev.rollout.core.analysis.condition.Conditions.compile(text);
        } catch (dev.rollout.core.analysis.condition.ConditionSyntaxException e) {
            return e.getMessage();
        }
        throw new AssertionError(text + " compiled");
    }

    @Test
    void placeholderNamingAnUndeclaredArgIsALoadErrorAtItsLine() {
        String yaml = """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: t
                spec:
                  args: [{name: service}]
                  metrics:
                  - name: m
                    successCondition: "result < {{ args.nope }}"
                    provider:
                      web:
                        url: "http://{{args.service}}/{{args.other}}"
                        headers: [{key: X, value: "{{args.service}}"}]
                """;
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> LOADER.loadString("args.yaml", yaml));
        assertThat(e).isNotNull();
        assertThat(e.problems()).extracting(SpecProblem::file, SpecProblem::line, SpecProblem::field,
                SpecProblem::message).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("args.yaml", 9, "spec.metrics[0].successCondition",
                                "AnalysisTemplate t, metric \"m\": {{args.nope}} names no arg of "
                                        + "AnalysisTemplate t; declared: service"),
                        org.assertj.core.groups.Tuple.tuple("args.yaml", 12, "spec.metrics[0].provider.web.url",
                                "AnalysisTemplate t, metric \"m\": {{args.other}} names no arg of "
                                        + "AnalysisTemplate t; declared: service"));
    }

    @Test
    void templatesThatComposeOthersMayNameArgsDeclaredElsewhere() {
        String yaml = """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: parent
                spec:
                  templates: [{templateName: child}]
                  metrics:
                  - name: m
                    successCondition: "result < {{args.threshold}}"
                    provider: {job: {}}
                """;
        assertThat(LOADER.loadString("c.yaml", yaml).objects(AnalysisTemplate.class)).hasSize(1);
    }

    /** Argo's provider keys and the judge, which the loader always knows, sorted. */
    private static java.util.Set<String> knownProviders() {
        java.util.Set<String> known = new java.util.TreeSet<>(AnalysisTemplateParser.ARGO_PROVIDERS);
        known.add("judge");
        return known;
    }
}
