package dev.rollout.core.conductor.config;

import static dev.rollout.core.conductor.config.ServiceConfigLoaderTest.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each check of the service config, as one edit of a valid file and the exact problems it gives. */
class ServiceConfigChecksTest {
    private static final String VALID = """
            apiVersion: rollout.dev/v1alpha1
            kind: Service
            metadata: {name: checkout}
            spec:
              chart: chart
              rollout: rollout.yaml
              source:
                static: {revisions: [v1, v2]}
              clusters:
                us-east: {context: prod-us-east}
              environments:
                - name: staging
                  waves: [{clusters: [staging-eu]}]
                - name: production
                  after: staging
                  waves:
                    - clusters: [us-east]
                      gate: {soak: 10m}
                    - clusters: [eu-west]
            """;
    private static final String LABEL = "must be a DNS-1123 label (lower-case letters, digits and"
            + " '-', at most 63 characters), was ";
    private static final String SECRET = "must be {secretKeyRef: {name: ..., key: ...}} (the value"
            + " is a secret, so it is read from a Secret, not written here)";
    private static final String HOOK = "      after: staging\n      preDeploy:\n";

    @TempDir
    static Path dir;

    /**
     * One bad input.
     *
     * @param check what is checked
     * @param from text of the valid file to replace (must occur once)
     * @param to its replacement
     * @param expected every problem, as {@code file:line: field: message}; {dir} is the base dir
     */
    record Case(String check, String from, String to, List<String> expected) {
        Case(String check, String from, String to, String... expected) {
            this(check, from, to, List.of(expected));
        }

        @Override
        public String toString() {
            return check;
        }
    }

    @BeforeAll
    static void chartAndRollout() throws Exception {
        Files.createDirectories(dir.resolve("chart"));
        Files.writeString(dir.resolve("rollout.yaml"), "kind: Rollout\n");
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("apiVersion exact", "rollout.dev/v1alpha1", "rollout.dev/v1",
                        "s.yaml:1: apiVersion: must be \"rollout.dev/v1alpha1\", was \"rollout.dev/v1\""),
                new Case("kind exact, and nothing else is checked in another kind of file",
                        "kind: Service", "kind: Rollout\nreplicas: 3",
                        "s.yaml:2: kind: must be \"Service\", was \"Rollout\""),
                new Case("apiVersion required", "apiVersion: rollout.dev/v1alpha1\n", "",
                        "s.yaml:1: apiVersion: is required"),
                new Case("metadata.name a DNS-1123 label", "{name: checkout}", "{name: Check_out}",
                        "s.yaml:3: metadata.name: " + LABEL + "\"Check_out\""),
                new Case("metadata.name required", "{name: checkout}", "{}",
                        "s.yaml:3: metadata.name: is required"),
                new Case("unknown fields", "  chart: chart", "  chrt: chart",
                        "s.yaml:4: spec.chart: is required",
                        "s.yaml:5: spec.chrt: unknown field, did you mean chart?"),
                new Case("chart dir exists", "chart: chart", "chart: charts",
                        "s.yaml:5: spec.chart: directory not found: {dir}/charts"),
                new Case("chart is a dir", "chart: chart", "chart: rollout.yaml",
                        "s.yaml:5: spec.chart: must be a directory, but {dir}/rollout.yaml is a file"),
                new Case("rollout file exists", "rollout: rollout.yaml", "rollout: missing.yaml",
                        "s.yaml:6: spec.rollout: file not found: {dir}/missing.yaml"),
                new Case("rollout is a file", "rollout: rollout.yaml", "rollout: chart",
                        "s.yaml:6: spec.rollout: must be a file, but {dir}/chart is a directory"),
                new Case("source has one kind, not two", "    static: {revisions: [v1, v2]}",
                        "    static: {revisions: [v1, v2]}\n    git: {repository: ., branch: main}",
                        "s.yaml:7: spec.source: must set exactly one of git, oci, static, found"
                                + " static and git"),
                new Case("source has one kind, not none", "  source:\n    static: {revisions: [v1, v2]}",
                        "  source: {}",
                        "s.yaml:7: spec.source: must set exactly one of git, oci, static"),
                new Case("git repository dir exists", "static: {revisions: [v1, v2]}",
                        "git: {repository: nope, branch: main}",
                        "s.yaml:8: spec.source.git.repository: directory not found: {dir}/nope"),
                new Case("git branch required", "static: {revisions: [v1, v2]}",
                        "git: {repository: .}",
                        "s.yaml:8: spec.source.git.branch: is required"),
                new Case("static revisions non-empty", "[v1, v2]", "[]",
                        "s.yaml:8: spec.source.static.revisions: must list at least one revision"),
                new Case("static revisions unique", "[v1, v2]", "[v1, v2, v1]",
                        "s.yaml:8: spec.source.static.revisions[2]: duplicate revision \"v1\","
                                + " also at spec.source.static.revisions[0]"),
                new Case("static revisions are strings", "[v1, v2]", "[v1, 2.0]",
                        "s.yaml:8: spec.source.static.revisions[1]: must be a string, was a number"
                                + " 2.0 (quote it to make it a string)"),
                new Case("oci registry an http(s) URL", "static: {revisions: [v1, v2]}",
                        "oci: {registry: r.example, repository: shop/checkout}",
                        "s.yaml:8: spec.source.oci.registry: must be an http(s) URL such as"
                                + " https://registry.example.com, was \"r.example\""),
                new Case("oci password is a secret reference, never echoed",
                        "static: {revisions: [v1, v2]}", "oci: {registry: https://r.example,"
                                + " repository: shop/c, username: {secretKeyRef: {name: r, key: u}},"
                                + " password: hunter2}",
                        "s.yaml:8: spec.source.oci.password: " + SECRET),
                new Case("environment names unique", "    - name: production", "    - name: staging",
                        "s.yaml:14: spec.environments[1].name: duplicate environment \"staging\","
                                + " first at line 12 (spec.environments[0].name)"),
                new Case("environment names non-empty", "    - name: staging", "    - name: \"\"",
                        "s.yaml:12: spec.environments[0].name: must not be empty",
                        "s.yaml:15: spec.environments[1].after: names no environment of this"
                                + " config: \"staging\""),
                new Case("environment names DNS-1123 labels", "    - name: staging",
                        "    - name: Staging",
                        "s.yaml:12: spec.environments[0].name: " + LABEL + "\"Staging\"",
                        "s.yaml:15: spec.environments[1].after: names no environment of this"
                                + " config: \"staging\""),
                new Case("after names an existing environment", "after: staging", "after: stagin",
                        "s.yaml:15: spec.environments[1].after: names no environment of this"
                                + " config: \"stagin\" (expected one of: staging)"),
                new Case("after names another environment", "after: staging",
                        "after: production",
                        "s.yaml:15: spec.environments[1].after: must name another environment,"
                                + " not this one"),
                new Case("after cycles", "    - name: staging\n", "    - name: staging\n"
                                + "      after: production\n",
                        "s.yaml:13: spec.environments[0].after: forms a cycle: staging ->"
                                + " production -> staging"),
                new Case("each environment has a wave", "      waves: [{clusters: [staging-eu]}]\n",
                        "",
                        "s.yaml:12: spec.environments[0].waves: is required: an environment needs"
                                + " at least one wave"),
                new Case("each environment has a wave, not an empty list",
                        "[{clusters: [staging-eu]}]", "[]",
                        "s.yaml:13: spec.environments[0].waves: must list at least one wave"),
                new Case("each wave has a cluster", "[{clusters: [staging-eu]}]",
                        "[{clusters: []}]",
                        "s.yaml:13: spec.environments[0].waves[0].clusters: must list at least"
                                + " one cluster"),
                new Case("each wave has clusters", "[{clusters: [staging-eu]}]",
                        "[{parallel: true}]",
                        "s.yaml:13: spec.environments[0].waves[0].clusters: is required: a wave"
                                + " needs at least one cluster"),
                new Case("a cluster in two waves of one environment", "      - clusters: [eu-west]",
                        "      - clusters: [us-east]",
                        "s.yaml:19: spec.environments[1].waves[1].clusters[0]: cluster \"us-east\""
                                + " is in waves[0] and waves[1]; a cluster belongs to one wave of"
                                + " an environment"),
                new Case("duplicate cluster in a wave", "[eu-west]", "[eu-west, eu-west]",
                        "s.yaml:19: spec.environments[1].waves[1].clusters[1]: duplicate cluster"
                                + " \"eu-west\" in this wave"),
                new Case("wave cluster names DNS-1123 labels", "[eu-west]", "[EU_West]",
                        "s.yaml:19: spec.environments[1].waves[1].clusters[0]: " + LABEL
                                + "\"EU_West\""),
                new Case("spec.clusters names DNS-1123 labels", "us-east: {context: prod-us-east}",
                        "us-east: {}\n    Us_West: {}",
                        "s.yaml:11: spec.clusters.Us_West: " + LABEL + "\"Us_West\"",
                        "s.yaml:11: spec.clusters.Us_West: is not used by any environment's"
                                + " waves"),
                new Case("spec.clusters entries are used", "us-east: {context: prod-us-east}",
                        "us-east: {}\n    us-west: {context: prod-us-west}",
                        "s.yaml:11: spec.clusters.us-west: is not used by any environment's"
                                + " waves"),
                new Case("spec.clusters namespace a DNS-1123 label", "{context: prod-us-east}",
                        "{namespace: Shop}",
                        "s.yaml:10: spec.clusters.us-east.namespace: " + LABEL + "\"Shop\""),
                new Case("gate with nothing in it", "gate: {soak: 10m}", "gate: {}",
                        "s.yaml:18: spec.environments[1].waves[0].gate: must set soak, analysis or"
                                + " approval: true; an empty gate checks nothing"),
                new Case("gate with only approval: false", "gate: {soak: 10m}",
                        "gate: {approval: false}",
                        "s.yaml:18: spec.environments[1].waves[0].gate: must set soak, analysis or"
                                + " approval: true; an empty gate checks nothing"),
                new Case("soak a valid duration", "soak: 10m", "soak: 10 minutes",
                        "s.yaml:18: spec.environments[1].waves[0].gate.soak: invalid duration"
                                + " \"10 minutes\": unknown unit \" minutes\" (use ns, us, ms, s, m"
                                + " or h)"),
                new Case("soak a duration string", "soak: 10m", "soak: 600",
                        "s.yaml:18: spec.environments[1].waves[0].gate.soak: must be a duration"
                                + " string such as 30s, 5m or 1h, was a number 600"),
                new Case("soak positive", "soak: 10m", "soak: 0s",
                        "s.yaml:18: spec.environments[1].waves[0].gate.soak: must be a positive"
                                + " duration, was \"0s\""),
                new Case("gate analysis names templates", "{soak: 10m}",
                        "{analysis: {args: [{name: a, value: b}]}}",
                        "s.yaml:18: spec.environments[1].waves[0].gate.analysis.templates: is"
                                + " required"),
                new Case("gate analysis templates are read as in a Rollout", "{soak: 10m}",
                        "{analysis: {templates: [{template: error-rate}]}}",
                        "s.yaml:18: spec.environments[1].waves[0].gate.analysis.templates[0]"
                                + ".template: unknown field, did you mean templateName?",
                        "s.yaml:18: spec.environments[1].waves[0].gate.analysis.templates[0]"
                                + ".templateName: is required"),
                new Case("hook names unique", "      after: staging\n", HOOK
                                + "        - {name: migrate, command: [./a.sh]}\n"
                                + "        - {name: migrate, command: [./b.sh]}\n",
                        "s.yaml:18: spec.environments[1].preDeploy[1].name: duplicate hook"
                                + " \"migrate\", first at line 17"),
                new Case("hook command non-empty", "      after: staging\n", HOOK
                                + "        - {name: migrate, command: []}\n",
                        "s.yaml:17: spec.environments[1].preDeploy[0].command: must name the"
                                + " program to run, for example [./migrate.sh, up]"),
                new Case("hook command a list of strings", "      after: staging\n", HOOK
                                + "        - {name: migrate, command: [./m.sh, 5]}\n",
                        "s.yaml:17: spec.environments[1].preDeploy[0].command[1]: must be a"
                                + " string, was a number 5 (quote it to make it a string)"),
                new Case("hook command a list", "      after: staging\n", HOOK
                                + "        - {name: migrate, command: ./migrate.sh up}\n",
                        "s.yaml:17: spec.environments[1].preDeploy[0].command: must be a list,"
                                + " was a string \"./migrate.sh up\""),
                new Case("hook has command or job, not both", "      after: staging\n", HOOK
                                + "        - {name: m, command: [./m.sh], job: {metadata: {name: m}}}\n",
                        "s.yaml:17: spec.environments[1].preDeploy[0]: must set exactly one of"
                                + " command, job, found command and job"),
                new Case("hook has command or job, not neither", "      after: staging\n", HOOK
                                + "        - {name: m}\n",
                        "s.yaml:17: spec.environments[1].preDeploy[0]: must set exactly one of"
                                + " command, job"),
                new Case("hook timeout positive", "      after: staging\n", HOOK
                                + "        - {name: m, command: [./m.sh], timeout: 0s}\n",
                        "s.yaml:17: spec.environments[1].preDeploy[0].timeout: must be a positive"
                                + " duration, was \"0s\""),
                new Case("hook job has metadata.name", "      after: staging\n", HOOK
                                + "        - {name: m, job: {apiVersion: batch/v1, kind: Job,"
                                + " metadata: {labels: {a: b}}}}\n",
                        "s.yaml:17: spec.environments[1].preDeploy[0].job.metadata.name: is"
                                + " required"),
                new Case("hook job is a batch/v1 Job", "      after: staging\n", HOOK
                                + "        - {name: m, job: {kind: CronJob, metadata: {name: m}}}\n",
                        "s.yaml:17: spec.environments[1].preDeploy[0].job.kind: must be \"Job\""
                                + " for a hook Job, was a string \"CronJob\""),
                new Case("hook job an object", "      after: staging\n", HOOK
                                + "        - {name: m, job: migrate}\n",
                        "s.yaml:17: spec.environments[1].preDeploy[0].job: must be a Job object"
                                + " (batch/v1), was a string \"migrate\""),
                new Case("hook env is for commands", "      after: staging\n", HOOK
                                + "        - {name: m, job: {metadata: {name: m}}, env: {A: b}}\n",
                        "s.yaml:17: spec.environments[1].preDeploy[0].env: applies to command"
                                + " hooks only; set it in the Job's container instead"),
                new Case("onFailure halt or rollback", "      after: staging\n",
                        "      after: staging\n      onFailure: stop\n",
                        "s.yaml:16: spec.environments[1].onFailure: must be halt or rollback, was"
                                + " \"stop\""),
                new Case("notify entry has a kind", "      after: staging\n",
                        "      after: staging\n      notify: [{}]\n",
                        "s.yaml:16: spec.environments[1].notify[0]: must set exactly one of slack"),
                new Case("notify kinds are known", "      after: staging\n",
                        "      after: staging\n      notify: [{teams: {url: x}}]\n",
                        "s.yaml:16: spec.environments[1].notify[0].teams: unknown field, expected"
                                + " one of: slack",
                        "s.yaml:16: spec.environments[1].notify[0]: must set exactly one of slack"),
                new Case("slack webhook URL is a secret reference, never echoed",
                        "      after: staging\n", "      after: staging\n      notify: [{slack:"
                                + " {webhookUrl: \"https://hooks.example/T0/B0/xyz\"}}]\n",
                        "s.yaml:16: spec.environments[1].notify[0].slack.webhookUrl: " + SECRET),
                new Case("slack is an object, never echoed", "      after: staging\n",
                        "      after: staging\n      notify: [{slack: \"https://hooks.example/xyz\"}]\n",
                        "s.yaml:16: spec.environments[1].notify[0].slack: must be {webhookUrl:"
                                + " {secretKeyRef: {name: ..., key: ...}}}"),
                new Case("environments non-empty", "  environments:\n", "  environments: []\n"
                                + "  unused:\n",
                        "s.yaml:10: spec.clusters.us-east: is not used by any environment's waves",
                        "s.yaml:11: spec.environments: must list at least one environment",
                        "s.yaml:12: spec.unused: unknown field, expected one of: chart, rollout,"
                                + " source, clusters, environments"),
                new Case("two documents", "        - clusters: [eu-west]\n",
                        "        - clusters: [eu-west]\n---\nkind: Other\n",
                        "s.yaml:21: (document): a service config file holds one document, this is"
                                + " document 2"),
                new Case("a document that is not a mapping", VALID, "- a\n- b\n",
                        "s.yaml:1: (document): must be a mapping with apiVersion, kind, metadata"
                                + " and spec, was a list"),
                new Case("empty file", VALID, "",
                        "s.yaml: (document): holds no YAML document; a service config needs"
                                + " apiVersion, kind, metadata and spec"),
                new Case("a file of comments only", VALID, "# nothing yet\n",
                        "s.yaml: (document): holds no YAML document; a service config needs"
                                + " apiVersion, kind, metadata and spec"),
                new Case("duplicate keys", "  rollout: rollout.yaml\n",
                        "  rollout: rollout.yaml\n  rollout: other.yaml\n",
                        "s.yaml:7: spec.rollout: duplicate key, first at line 6"),
                new Case("YAML syntax", "metadata: {name: checkout}", "metadata: {name: checkout",
                        "s.yaml:4: (yaml): invalid YAML: expected ',' or '}', but got :"
                                + " (while parsing a flow mapping)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCheckReportsItsExactProblem(Case c) {
        assertThat(VALID).containsOnlyOnce(c.from());
        String yaml = VALID.replace(c.from(), c.to());
        String base = dir.toAbsolutePath().normalize().toString();

        List<String> problems = problemsOf(() -> ServiceConfigLoader.parse("s.yaml", yaml, dir));

        assertThat(problems).containsExactlyElementsOf(
                c.expected().stream().map(p -> p.replace("{dir}", base)).toList());
    }

    @Test
    void theValidFileLoads() {
        ServiceConfig config = ServiceConfigLoader.parse("s.yaml", VALID, dir);

        assertThat(config.environmentNames()).containsExactly("staging", "production");
        assertThat(config.clusters()).containsOnlyKeys("us-east");
    }
}
