package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lint} and {@code simulate} refuse, before anything runs, what {@code RolloutEngine.start}
 * refuses: each problem as {@code error: FILE:LINE: FIELD: MESSAGE}, exit 64.
 */
class StaticChecksCliTest {
    @TempDir
    Path dir;

    private static final String ROLLOUT = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: checkout, namespace: shop}
            spec:
              replicas: 4
              strategy:
                canary:
                  steps:
                    - setWeight: 25
                    - analysis:
                        templates:
                          - templateName: errors
                        args:
                          - {name: base, value: "http://127.0.0.1:1"}
                    - setWeight: 50
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: errors}
            spec:
              args:
                - name: base
                - name: token
                  valueFrom: {secretKeyRef: {name: metrics-api, key: token}}
              metrics:
                - name: error-rate
                  successCondition: result < 0.05
                  provider:
                    web:
                      url: "{{args.base}}/errors"
                      headers: [{key: Authorization, value: "Bearer {{args.token}}"}]
            """;

    private static final String METRICS = """
            metrics:
              error-rate:
                values: [0.01]
            """;

    @Test
    void lintNamesTheSecretsItCannotReadAndPasses() {
        CliRunner cli = new CliRunner(dir);
        String file = cli.file("r.yaml", ROLLOUT);
        CliRunner.Result result = cli.run("lint", file);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err().lines()).containsExactly("secret: " + file + ":10:"
                + " spec.strategy.canary.steps[1].analysis: needs secret \"metrics-api\" key \"token\""
                + " (arg \"token\" of errors) in namespace \"shop\" when it runs");
    }

    @Test
    void lintRefusesAMissingArgAndAUrlThatIsInvalidOnceSubstituted() {
        CliRunner cli = new CliRunner(dir);
        String file = cli.file("r.yaml", ROLLOUT.replace("- {name: base, value: \"http://127.0.0.1:1\"}",
                "- {name: other, value: x}"));
        CliRunner.Result missing = cli.run("lint", file);
        assertThat(missing.exitCode()).isEqualTo(64);
        assertThat(missing.err().lines()).containsExactly("error: " + file + ":10:"
                + " spec.strategy.canary.steps[1].analysis: arg \"base\" of errors is required: the"
                + " template gives no value and the rollout passes none");

        String bad = cli.file("bad.yaml", ROLLOUT.replace("http://127.0.0.1:1", "127.0.0.1:1"));
        CliRunner.Result url = cli.run("lint", bad);
        assertThat(url.exitCode()).isEqualTo(64);
        assertThat(url.err().lines()).containsExactly("error: " + bad + ":10:"
                + " spec.strategy.canary.steps[1].analysis: AnalysisTemplate errors, metric \"error-rate\":"
                + " web.url: must start with http:// or https:// (with {{args.*}} substituted)");
    }

    @Test
    void lintRefusesAFileWithNoObject() throws Exception {
        CliRunner cli = new CliRunner(dir);
        String empty = cli.file("empty.yaml", "# nothing here yet\n");
        CliRunner.Result result = cli.run("lint", empty);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err().lines()).containsExactly("error: " + empty + ": (document): holds no"
                + " object: the file is empty or only comments; expected a document with apiVersion and kind");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void lintRefusesAPercentageAboveAHundred() {
        CliRunner cli = new CliRunner(dir);
        String file = cli.file("r.yaml", ROLLOUT.replace("    canary:\n", "    canary:\n      maxSurge: 200%\n"));
        CliRunner.Result result = cli.run("lint", file);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err().lines()).contains("error: " + file + ":8: spec.strategy.canary.maxSurge:"
                + " must be a percentage within 0%..100%, was 200%");
    }

    @Test
    void simulateRefusesASecretItCannotResolveBeforeAnythingRuns() throws Exception {
        CliRunner cli = new CliRunner(dir);
        String file = cli.file("r.yaml", ROLLOUT);
        String metrics = cli.file("m.yaml", METRICS);
        CliRunner.Result result = cli.run("simulate", "--rollout", file, "--metrics", metrics);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err().lines()).containsExactly("error: " + file + ":10:"
                + " spec.strategy.canary.steps[1].analysis: secret \"metrics-api\" key \"token\""
                + " (arg \"token\" of errors) not found in namespace \"shop\"");
        assertThat(result.out()).as("nothing was simulated").isEmpty();

        Path secrets = dir.resolve("secrets/shop/metrics-api");
        Files.createDirectories(secrets);
        Files.writeString(secrets.resolve("token"), "tok-123\n");
        CliRunner.Result resolved = cli.run("simulate", "--rollout", file, "--metrics", metrics,
                "--secrets-dir", dir.resolve("secrets").toString());
        assertThat(resolved.exitCode()).as(resolved.err()).isZero();
        assertThat(resolved.out()).contains("result: Healthy").doesNotContain("tok-123");
    }

    @Test
    void aRolloutWithoutNamespaceSeesNamespacedTemplatesOnlyWhenPlacedWithNamespace() {
        CliRunner cli = new CliRunner(dir);
        String file = cli.file("r.yaml", ROLLOUT.replace("{name: checkout, namespace: shop}", "{name: checkout}")
                .replace("metadata: {name: errors}", "metadata: {name: errors, namespace: shop}"));
        CliRunner.Result unplaced = cli.run("lint", file);
        assertThat(unplaced.exitCode()).isEqualTo(64);
        assertThat(unplaced.err().lines()).containsExactly("error: " + file + ":12:"
                + " spec.strategy.canary.steps[1].analysis.templates[0].templateName: AnalysisTemplate"
                + " \"errors\" not found among the templates that name no namespace (the Rollout names none)");

        CliRunner.Result placed = cli.run("lint", "--namespace", "shop", file);
        assertThat(placed.exitCode()).as(placed.err()).isZero();
        CliRunner.Result elsewhere = cli.run("lint", "--namespace", "cart", cli.file("s.yaml", ROLLOUT));
        assertThat(elsewhere.exitCode()).isEqualTo(64);
        assertThat(elsewhere.err().lines()).contains("error: " + dir.resolve("s.yaml") + ":1: metadata.namespace:"
                + " is \"shop\", but the files are loaded into namespace \"cart\"");
    }
}
