package dev.rollout.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.provider.scripted.ScriptedValue;
import dev.rollout.core.simulation.Simulation;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML of a simulated canary: what is drawn where, escaping, and an atomic write. */
class TimelineReportTest {
    @TempDir
    Path dir;

    private static final String SPEC = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: checkout, namespace: shop}
            spec:
              replicas: 4
              strategy:
                canary:
                  steps:
                  - setWeight: 25
                  - pause: {duration: 1m}
                  - setWeight: 50
                  - analysis: {templates: [{templateName: t}]}
                  - setWeight: 100
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: t, namespace: shop}
            spec:
              metrics:
              - name: error-rate
                count: 3
                interval: 1m
                failureLimit: 1
                successCondition: result <= 0.05
                provider: {prometheus: {query: q}}
            """;

    private record Run(List<TimelineEntry> entries, List<AnalysisTemplate> templates, int measured,
            int abortStep) {
    }

    private static Run simulate() {
        LoadedSpecs specs = AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), Map.of())
                .loadString("c.yaml", SPEC);
        TimelineRecorder recorder = new TimelineRecorder();
        List<RolloutEvent> seen = new ArrayList<>();
        List<AnalysisTemplate> templates = specs.objects(AnalysisTemplate.class);
        Simulation.builder().spec(specs.rollouts().get(0)).templates(templates)
                .scriptedMetrics(ScriptedMetrics.of(Map.of("error-rate", List.of(ScriptedValue.scalar(0.01),
                        ScriptedValue.scalar(0.2), ScriptedValue.scalar(0.3)))))
                .listener(recorder).listener(seen::add).build().run();
        int step = -1;
        int abortStep = -2;
        for (RolloutEvent e : seen) {
            if (e instanceof RolloutEvent.StepStarted s) {
                step = s.stepIndex();
            } else if (e instanceof RolloutEvent.Aborted) {
                abortStep = step;
            }
        }
        int measured = (int) seen.stream().filter(RolloutEvent.AnalysisMeasured.class::isInstance).count();
        return new Run(recorder.entries(), templates, measured, abortStep);
    }

    private static int count(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void anAbortedCanaryIsDrawnWithItsStepThresholdAndEveryMeasurement() {
        Run run = simulate();
        assertThat(run.abortStep()).as("the analysis step aborts").isEqualTo(3);
        String html = TimelineReport.builder().templates(run.templates()).build().render(run.entries());

        assertThat(count(html, "class=\"abort-marker\" data-step=\"3\"")).isEqualTo(1);
        assertThat(html).contains("<p class=\"abort-reason\" data-step=\"3\">")
                .contains("Rollout aborted update to revision");
        assertThat(count(html, "class=\"m-point ")).isEqualTo(run.measured()).isEqualTo(3);
        assertThat(count(html, "class=\"m-point phase-Failed")).as("failed > failureLimit 1").isEqualTo(2);
        assertThat(html).contains("data-kind=\"Success\" data-value=\"0.05\"")
                .contains("success: result &lt;= 0.05");
        assertThat(count(html, "<script")).isEqualTo(1);
        assertThat(html).doesNotContain("http://", "https://").as("nothing to fetch")
                .contains("default-src &#39;none&#39;");
    }

    @Test
    void withoutTemplatesPointsAreStillDrawnButNoLine() {
        Run run = simulate();
        String html = TimelineReport.builder().build().render(run.entries());
        assertThat(count(html, "class=\"m-point ")).isEqualTo(run.measured());
        assertThat(html).doesNotContain("class=\"threshold");
    }

    @Test
    void recordedTextIsEscapedEverywhere() {
        String hostile = "<script>alert(1)</script>\"' onload=x &";
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        TimelineRecorder recorder = new TimelineRecorder();
        recorder.onEvent(new RolloutEvent.StepStarted(hostile, hostile, t0, 0, hostile, hostile));
        recorder.onEvent(new RolloutEvent.Aborted(hostile, hostile, t0, hostile));
        String html = TimelineReport.builder().title(hostile).build().render(recorder.entries());
        assertThat(html).doesNotContain("<script>alert").doesNotContain("\"' onload")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39; onload=x &amp;");
    }

    @Test
    void writingReplacesTheFileWholeAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("r.html");
        Files.writeString(file, "old");
        TimelineReport.builder().build().write(simulate().entries(), file);
        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aMissingDirectoryIsAnErrorNamingTheFile() {
        Path file = dir.resolve("missing/r.html");
        assertThatThrownBy(() -> TimelineReport.builder().build().write(List.of(), file))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining(file.toString());
    }
}
