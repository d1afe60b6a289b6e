package dev.rollout.core.conductor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import dev.rollout.api.analysis.AnalysisRef.TemplateRef;
import dev.rollout.core.conductor.config.EnvironmentConfig.OnFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigLoaderTest {
    /** The example of docs/service-config.md (and of the conductor's brief), comments included. */
    static final String EXAMPLE = """
            apiVersion: rollout.dev/v1alpha1
            kind: Service
            metadata: {name: checkout}
            spec:
              chart: chart                       # dir with values.yaml, values-<env>.yaml, values-<env>-<cluster>.yaml
              rollout: rollout.yaml              # Argo Rollout (+ AnalysisTemplates)
              source:
                git: {repository: ., branch: main}   # or oci: {registry: https://r.example, repository: shop/checkout, constraint: ">=1.0.0 <2.0.0", username: {secretKeyRef: {name: reg, key: user}}, password: {secretKeyRef: {...}}} or static: {revisions: [v1, v2, v3]} (oldest first). Exactly one kind.
              clusters:                          # optional: clusters reached through kubeconfig contexts; others are embedded
                us-east: {context: prod-us-east, kubeconfig: ~/.kube/config, namespace: shop}
              environments:
                - name: staging
                  waves: [{clusters: [staging-eu]}]
                - name: production
                  after: staging
                  preDeploy:
                    - {name: migrate, command: [./migrate.sh, up], timeout: 5m, env: {A: b}}      # or job: {<a batch/v1 Job object>} stored as JSON text
                  waves:
                    - clusters: [us-east]
                      gate: {soak: 10m, analysis: {templates: [{templateName: error-rate}]}, approval: true}
                    - clusters: [eu-west, ap-south]
                      parallel: true
                  notify:
                    - slack: {webhookUrl: {secretKeyRef: {name: slack, key: url}}}
                  onFailure: halt                  # halt (default) | rollback
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void chartAndRollout() throws Exception {
        Files.createDirectories(dir.resolve("chart"));
        Files.writeString(dir.resolve("rollout.yaml"), "kind: Rollout\n");
    }

    static List<String> problemsOf(Runnable load) {
        try {
            load.run();
        } catch (InvalidSpecException e) {
            return e.problems().stream().map(Object::toString).toList();
        }
        throw new AssertionError("expected an InvalidSpecException");
    }

    @Test
    void theDocumentedExampleLoadsIntoTheModel() throws Exception {
        Path file = Files.writeString(dir.resolve("service.yaml"), EXAMPLE);

        ServiceConfig config = ServiceConfigLoader.load(file);

        Path base = dir.toAbsolutePath().normalize();
        ServiceConfig expected = new ServiceConfig("checkout", base.resolve("service.yaml"),
                base.resolve("chart"), base.resolve("rollout.yaml"),
                new SourceConfig.Git(base, "main"),
                List.of(new EnvironmentConfig("staging", Optional.empty(),
                                List.of(new WaveConfig(0, List.of("staging-eu"), false,
                                        Optional.empty())),
                                List.of(), List.of(), OnFailure.halt),
                        new EnvironmentConfig("production", Optional.of("staging"),
                                List.of(new WaveConfig(0, List.of("us-east"), false,
                                                Optional.of(new GateConfig(
                                                        Optional.of(Duration.ofMinutes(10)),
                                                        Optional.of(new AnalysisRef(List.of(
                                                                new TemplateRef("error-rate", false)),
                                                                List.of())),
                                                        true))),
                                        new WaveConfig(1, List.of("eu-west", "ap-south"), true,
                                                Optional.empty())),
                                List.of(new HookConfig("migrate", List.of("./migrate.sh", "up"),
                                        base, Map.of("A", "b"), Optional.empty(),
                                        Duration.ofMinutes(5))),
                                List.of(new NotifyConfig.Slack(new SecretKeyRef("slack", "url"))),
                                OnFailure.halt)),
                Map.of("us-east", new ClusterConfig("us-east",
                        Optional.of(Path.of(System.getProperty("user.home"), ".kube", "config")),
                        Optional.of("prod-us-east"), Optional.of("shop"))));
        assertThat(config).isEqualTo(expected);
        assertThat(config.environment("production").orElseThrow().clusters())
                .containsExactly("us-east", "eu-west", "ap-south");
    }

    @Test
    void parseResolvesPathsAgainstTheGivenDirectoryAndAppliesDefaults() {
        ServiceConfig config = ServiceConfigLoader.parse("inline.yaml", """
                apiVersion: rollout.dev/v1alpha1
                kind: Service
                metadata: {name: cart}
                spec:
                  chart: ./chart/
                  rollout: sub/../rollout.yaml
                  source: {static: {revisions: [v1, v2, v3]}}
                  environments:
                    - name: prod
                      preDeploy: [{name: m, command: [true]}]
                      waves: [{clusters: [a]}]
                      onFailure: rollback
                  clusters:
                    a:
                """.replace("[true]", "[\"true\"]"), dir);

        Path base = dir.toAbsolutePath().normalize();
        assertThat(config.file()).isEqualTo(base.resolve("inline.yaml"));
        assertThat(config.chart()).isEqualTo(base.resolve("chart"));
        assertThat(config.rollout()).isEqualTo(base.resolve("rollout.yaml"));
        assertThat(config.source()).isEqualTo(new SourceConfig.Static(List.of("v1", "v2", "v3")));
        assertThat(config.clusters()).containsExactly(Map.entry("a", new ClusterConfig("a",
                Optional.empty(), Optional.empty(), Optional.empty())));
        EnvironmentConfig prod = config.environments().get(0);
        assertThat(prod.onFailure()).isEqualTo(OnFailure.rollback);
        assertThat(prod.preDeploy().get(0).timeout()).isEqualTo(HookConfig.DEFAULT_TIMEOUT)
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(prod.preDeploy().get(0).workingDirectory()).isEqualTo(base);
    }

    @Test
    void anOciSourceKeepsItsSecretsAsReferences() {
        ServiceConfig config = ServiceConfigLoader.parse("s.yaml", """
                apiVersion: rollout.dev/v1alpha1
                kind: Service
                metadata: {name: checkout}
                spec:
                  chart: chart
                  rollout: rollout.yaml
                  source:
                    oci:
                      registry: https://r.example/
                      repository: shop/checkout
                      constraint: ">=1.0.0 <2.0.0"
                      username: {secretKeyRef: {name: reg, key: user}}
                      password: {secretKeyRef: {name: reg, key: pass}}
                  environments: [{name: prod, waves: [{clusters: [a]}]}]
                """, dir);

        assertThat(config.source()).isEqualTo(new SourceConfig.Oci("https://r.example",
                "shop/checkout", Optional.of(">=1.0.0 <2.0.0"),
                Optional.of(new SecretKeyRef("reg", "user")),
                Optional.of(new SecretKeyRef("reg", "pass"))));
    }

    @Test
    void aJobHookIsKeptAsJsonText() throws Exception {
        Files.createDirectories(dir.resolve("hooks"));
        ServiceConfig config = ServiceConfigLoader.parse("s.yaml", """
                apiVersion: rollout.dev/v1alpha1
                kind: Service
                metadata: {name: checkout}
                spec:
                  chart: chart
                  rollout: rollout.yaml
                  source: {static: {revisions: [v1]}}
                  environments:
                    - name: prod
                      waves: [{clusters: [a]}]
                      preDeploy:
                        - name: migrate
                          timeout: 90s
                          job:
                            apiVersion: batch/v1
                            kind: Job
                            metadata: {name: migrate}
                            spec: {backoffLimit: 0, template: {spec: {restartPolicy: Never}}}
                        - {name: seed, command: [./seed.sh], workingDirectory: hooks}
                """, dir);

        List<HookConfig> hooks = config.environments().get(0).preDeploy();
        assertThat(hooks.get(0).command()).isEmpty();
        assertThat(hooks.get(0).timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(hooks.get(0).job()).contains("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\","
                + "\"metadata\":{\"name\":\"migrate\"},\"spec\":{\"backoffLimit\":0,"
                + "\"template\":{\"spec\":{\"restartPolicy\":\"Never\"}}}}");
        assertThat(hooks.get(1).workingDirectory())
                .isEqualTo(dir.toAbsolutePath().normalize().resolve("hooks"));
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceInLineOrder() {
        List<String> problems = problemsOf(() -> ServiceConfigLoader.parse("svc.yaml", """
                apiVersion: rollout.dev/v1alpha1
                kind: Service
                metadata: {name: Checkout}
                spec:
                  chart: charts
                  rollout: rollout.yaml
                  source: {static: {revisions: []}}
                  environments:
                    - name: staging
                      waves: []
                    - name: production
                      after: qa
                      waves: [{clusters: [us-east], gate: {soak: 0s}}]
                      onFailure: stop
                      notify: [{slack: {webhookUrl: "https://hooks.example/T0/B0/secret"}}]
                """, dir));

        String base = dir.toAbsolutePath().normalize().toString();
        assertThat(problems).containsExactly(
                "svc.yaml:3: metadata.name: must be a DNS-1123 label (lower-case letters, digits"
                        + " and '-', at most 63 characters), was \"Checkout\"",
                "svc.yaml:5: spec.chart: directory not found: " + base + "/charts",
                "svc.yaml:7: spec.source.static.revisions: must list at least one revision",
                "svc.yaml:10: spec.environments[0].waves: must list at least one wave",
                "svc.yaml:12: spec.environments[1].after: names no environment of this config:"
                        + " \"qa\" (expected one of: staging)",
                "svc.yaml:13: spec.environments[1].waves[0].gate.soak: must be a positive"
                        + " duration, was \"0s\"",
                "svc.yaml:14: spec.environments[1].onFailure: must be halt or rollback, was"
                        + " \"stop\"",
                "svc.yaml:15: spec.environments[1].notify[0].slack.webhookUrl: must be"
                        + " {secretKeyRef: {name: ..., key: ...}} (the value is a secret, so it is"
                        + " read from a Secret, not written here)");
        assertThat(String.join("\n", problems)).doesNotContain("hooks.example");
    }
}
