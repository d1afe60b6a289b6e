package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code lint} contract: exit 0 or 64 with every problem named by file, line and field. */
class LintCommandTest {
    @TempDir
    Path dir;

    @Test
    void validFilesPass() {
        CliRunner cli = new CliRunner(dir);
        CliRunner.Result result = cli.run("lint", cli.file("a.yaml", Specs.CANARY),
                cli.file("b.yaml", Specs.BLUE_GREEN));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("ok: 2 files, 2 AnalysisTemplate, 2 Rollout");
    }

    @Test
    void everyProblemIsListedWithFileLineAndField() {
        CliRunner cli = new CliRunner(dir);
        String file = cli.file("bad.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata:
                  name: x
                spec:
                  replicas: 3
                  strategy:
                    canary:
                      steps:
                        - setWeight: 20
                        - setWeight: 150
                        - pause: {duration: 10x}
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata:
                  name: t
                spec:
                  metrics:
                    - name: m
                      successCondition: result >=
                      provider:
                        web: {url: "http://example.invalid"}
                """);
        CliRunner.Result result = cli.run("lint", file);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err().lines()).contains(
                "error: " + file + ":11: spec.strategy.canary.steps[1].setWeight: must be 0..100, was 150");
        assertThat(result.err()).contains(file + ":12: spec.strategy.canary.steps[2].pause.duration:");
        assertThat(result.err()).contains(file + ":21: spec.metrics[0].successCondition:")
                .contains("AnalysisTemplate t, metric \"m\"");
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void missingFileIsNamed() {
        CliRunner result = new CliRunner(dir);
        CliRunner.Result run = result.run("lint", dir.resolve("absent.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("absent.yaml").contains("not found");
    }

    @Test
    void lintNeedsAFile() {
        assertThat(new CliRunner(dir).run("lint").exitCode()).isEqualTo(64);
    }

    @Test
    void servicesBesideTheRolloutAreSkippedButMisspeltArgoKindsAreNot() {
        CliRunner cli = new CliRunner(dir);
        String file = cli.file("mixed.yaml", """
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec: {ports: [{port: 80}]}
                ---
                """ + Specs.CANARY_INDEFINITE_PAUSE + """
                ---
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplat
                metadata: {name: typo}
                """);
        CliRunner.Result result = cli.run("lint", file);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains("unsupported kind \"AnalysisTemplat\"")
                .doesNotContain("Service");
    }

    @Test
    void aTemplateTheRolloutNamesMustBeAmongTheFiles() {
        CliRunner cli = new CliRunner(dir);
        String rollout = cli.file("r.yaml", Specs.CANARY.substring(0, Specs.CANARY.indexOf("---")));
        CliRunner.Result result = cli.run("lint", rollout);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err().lines()).containsExactly("error: " + rollout
                + ":15: spec.strategy.canary.steps[3].analysis.templates[0].templateName: AnalysisTemplate"
                + " \"success-rate\" not found among the templates that name no namespace (the Rollout"
                + " names none)");
    }

    @Test
    void fieldsAcceptedButNotActedUponAreWarnedAboutWithoutFailing() {
        CliRunner cli = new CliRunner(dir);
        String file = cli.file("paused.yaml",
                Specs.CANARY_INDEFINITE_PAUSE.replace("  replicas: 4", "  replicas: 4\n  paused: true"));
        CliRunner.Result result = cli.run("lint", file);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("warning: " + file + ":7: spec.paused: is accepted but not acted upon");
    }

    @Test
    void aTemplateComposingAMissingTemplateIsReported() {
        CliRunner cli = new CliRunner(dir);
        String file = cli.file("composed.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: combined}
                spec:
                  templates:
                  - templateName: not-loaded
                  metrics:
                  - name: m
                    provider:
                      web: {url: "http://example.invalid"}
                """);
        CliRunner.Result result = cli.run("lint", file);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains("not-loaded");
    }
}
