package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.MockClock;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.embedded.EmbeddedCluster;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.state.FileStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rollout status}: what runs where, read from a state directory without writing it. */
class StatusCommandTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "conductor", "checkout");

    @TempDir
    Path dir;

    @Test
    void aMissingDirectoryIsBadInputNamingIt() {
        String missing = dir.resolve("nope").toString();
        CliRunner.Result result = new CliRunner(dir).run("status", "--state-dir", missing);

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).isEqualTo("rollout: --state-dir " + missing + ": no such directory"
                + System.lineSeparator());
        assertThat(Files.exists(Path.of(missing))).isFalse();
    }

    @Test
    void aFileInsteadOfADirectoryIsBadInput() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        CliRunner.Result result = new CliRunner(dir).run("status", "--state-dir", file.toString());

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains(file + ": not a directory");
    }

    @Test
    void aCorruptDocumentIsBadInputNamingTheFile() throws IOException {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("junk.json"), "{not json");
        CliRunner.Result result = new CliRunner(dir).run("status", "--state-dir", state.toString());

        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.err()).contains("junk.json").contains("not a state document")
                .doesNotContain("\tat ");
    }

    @Test
    void anEmptyDirectoryHasNoRolloutsAndStaysEmpty() throws IOException {
        Path state = Files.createDirectories(dir.resolve("state"));
        CliRunner cli = new CliRunner(dir);

        CliRunner.Result text = cli.run("status", "--state-dir", state.toString());
        CliRunner.Result json = cli.run("status", "--state-dir", state.toString(), "--json");

        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).isEqualTo("no rollouts in " + state + System.lineSeparator());
        assertThat(json.exitCode()).isZero();
        assertThat(json.json().isArray()).isTrue();
        assertThat(json.json()).isEmpty();
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files).as("status writes nothing, not even a lock file").isEmpty();
        }
    }

    @Test
    void afterDeploysEveryClusterShowsItsRevisionFromTheVersionStore() throws IOException {
        copyExample();
        String state = dir.resolve("state").toString();
        CliRunner cli = new CliRunner(dir);
        for (String env : List.of("staging", "production")) {
            CliRunner.Result deployed = cli.run("deploy", "--config", dir.resolve("checkout/service.yaml")
                    .toString(), "--env", env, "--revision", "1.0.0", "--first-deploy", "--state-dir",
                    state, "--metrics", dir.resolve("checkout/metrics-good.yaml").toString(), "--json");
            assertThat(deployed.exitCode()).as(deployed.err()).isZero();
        }
        Map<Path, FileTime> before = snapshot(Path.of(state));

        CliRunner.Result json = cli.run("status", "--state-dir", state, "--json");
        CliRunner.Result text = cli.run("status", "--state-dir", state);

        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.json()).extracting(r -> r.get("environment").asText() + "/"
                + r.get("cluster").asText()).containsExactly("production/ap-south",
                "production/eu-west", "production/us-east", "staging/staging-eu");
        JsonNode usEast = json.json().get(2);
        assertThat(usEast.get("service").asText()).isEqualTo("checkout");
        assertThat(usEast.get("phase").asText()).isEqualTo("Healthy");
        assertThat(usEast.get("stableRevision").asText()).isEqualTo("1.0.0");
        assertThat(usEast.get("canaryRevision").isNull()).isTrue();
        assertThat(usEast.get("rollout").isNull()).isTrue();
        assertThat(usEast.get("source").asText()).isEqualTo("versions");
        assertThat(Instant.parse(usEast.get("updatedAt").asText())).isNotNull();
        assertThat(usEast.fieldNames()).toIterable().containsExactly("service", "environment",
                "cluster", "rollout", "phase", "aborted", "step", "stepCount", "canaryWeight",
                "stableRevision", "canaryRevision", "updatedAt", "message", "source");

        assertThat(text.exitCode()).isZero();
        assertThat(text.out().lines().toList().get(0)).startsWith("SERVICE/ROLLOUT  ENVIRONMENT  CLUSTER ");
        assertThat(text.out()).containsPattern("checkout +production +us-east +Healthy +- +- +1\\.0\\.0 +- +20");
        assertThat(snapshot(Path.of(state))).as("status never writes").isEqualTo(before);
    }

    @Test
    void aPausedRolloutShowsItsStepWeightAndBothRevisions() throws IOException {
        Path state = dir.resolve("state");
        FileStateStore files = new FileStateStore(state);
        // One rollout as an embedding engine stores it, one under the conductor's key layout.
        pausedRollout(files, "web");
        pausedRollout(prefixed(files, "rollouts/checkout/production/us-east/"), "checkout");

        CliRunner.Result json = new CliRunner(dir).run("status", "--state-dir", state.toString(), "--json");

        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.json()).hasSize(2);
        JsonNode conducted = json.json().get(0);
        assertThat(conducted.get("service").asText()).isEqualTo("checkout");
        assertThat(conducted.get("environment").asText()).isEqualTo("production");
        assertThat(conducted.get("cluster").asText()).isEqualTo("us-east");
        assertThat(conducted.get("rollout").asText()).isEqualTo("shop/checkout");
        assertThat(conducted.get("source").asText()).isEqualTo("rollout");
        JsonNode standalone = json.json().get(1);
        assertThat(standalone.get("service").isNull()).isTrue();
        assertThat(standalone.get("cluster").asText()).isEqualTo("embedded");
        for (JsonNode row : json.json()) {
            assertThat(row.get("phase").asText()).isEqualTo("Paused");
            assertThat(row.get("step").asInt()).isEqualTo(1);
            assertThat(row.get("stepCount").asInt()).isEqualTo(3);
            assertThat(row.get("canaryWeight").asInt()).isEqualTo(25);
            assertThat(row.get("stableRevision").asText()).isEqualTo("1");
            assertThat(row.get("canaryRevision").asText()).isEqualTo("2");
            assertThat(row.get("updatedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
        }
        CliRunner.Result text = new CliRunner(dir).run("status", "--state-dir", state.toString());
        assertThat(text.out()).containsPattern("shop/web +- +embedded +Paused +1/3 +25% +1 +2 +2026-01-01T00:00:00Z");
    }

    private static void pausedRollout(StateStore store, String name) {
        MockClock clock = new MockClock(Instant.parse("2026-01-01T00:00:00Z"));
        VirtualScheduler scheduler = new VirtualScheduler(clock);
        EmbeddedCluster cluster = EmbeddedCluster.builder().clock(clock).build();
        cluster.deploy(new WorkloadRef("shop", name), Revision.of("1"), 4);
        RolloutSpec spec = new RolloutSpec(name, "shop", 4, CanaryStrategy.of(List.of(
                new CanaryStep.SetWeight(25), CanaryStep.Pause.indefinite(), new CanaryStep.SetWeight(50))),
                600, false, Map.of());
        try (RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).stateStore(store)
                .target(cluster).build()) {
            engine.start(spec, cluster.name(), Revision.of("2"));
            scheduler.runUntilIdle(Duration.ZERO);
        }
    }

    private static StateStore prefixed(StateStore store, String prefix) {
        return new StateStore() {
            @Override
            public Optional<Stored> get(String key) {
                return store.get(prefix + key).map(s -> new Stored(key, s.document(), s.version()));
            }

            @Override
            public List<Stored> list() {
                return List.of();
            }

            @Override
            public long put(String key, String document, long expectedVersion) {
                return store.put(prefix + key, document, expectedVersion);
            }

            @Override
            public void delete(String key, long expectedVersion) {
                store.delete(prefix + key, expectedVersion);
            }
        };
    }

    private static Map<Path, FileTime> snapshot(Path dir) throws IOException {
        Map<Path, FileTime> times = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                times.put(f.getFileName(), Files.getLastModifiedTime(f));
            }
        }
        return times;
    }

    private void copyExample() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            for (Path from : files.toList()) {
                Path to = dir.resolve("checkout").resolve(EXAMPLE.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
    }
}
