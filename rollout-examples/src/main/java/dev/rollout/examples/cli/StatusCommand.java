package dev.rollout.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.api.RolloutException;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.spi.StateStore.Stored;
import dev.rollout.core.StoredRollout;
import dev.rollout.core.conductor.versions.ClusterVersion;
import dev.rollout.core.conductor.versions.EnvironmentVersions;
import dev.rollout.core.conductor.versions.VersionStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rollout status --state-dir DIR [--json]}: what runs where, read from a state directory
 * that {@code rollout deploy --state-dir} (the conductor's version store and its engines) or an
 * embedding application's {@code FileStateStore} wrote. Read-only: never writes the directory.
 * The {@code --json} fields are a public contract: add fields, never rename or drop one.
 */
@Command(name = "status", description = {"what runs where, read (never written) from a state directory",
        "--json: an array of objects with service, environment, cluster, rollout, phase, aborted,"
                + " step, stepCount, canaryWeight, stableRevision, canaryRevision, updatedAt,"
                + " message, source (rollout | versions)"})
final class StatusCommand implements Callable<Integer> {
    private static final String ROLLOUTS = "rollouts/";

    @Mixin
    HelpOption help;

    @Option(names = "--state-dir", paramLabel = "DIR", required = true,
            description = "a state directory (rollout deploy --state-dir, or a FileStateStore's)")
    String stateDir;

    @Option(names = "--json", description = "a JSON array on standard output")
    boolean json;

    private final PrintStream out;
    private final PrintStream err;

    StatusCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * One line of the status.
     *
     * @param service the conductor's service, null for a rollout an embedding engine stored
     * @param environment the conductor's environment, or null
     * @param cluster the cluster (the engine's target name for a standalone rollout)
     * @param rollout the rollout id ({@code namespace/name}), null when only the version store
     *     knows the cluster (its deploy finished)
     */
    record Row(String service, String environment, String cluster, String rollout, String phase,
            boolean aborted, Integer step, Integer stepCount, Integer canaryWeight,
            String stableRevision, String canaryRevision, String updatedAt, String message,
            String source) {
    }

    @Override
    public Integer call() {
        Path dir = Path.of(DeployCommand.required(stateDir, "state-dir", "status"));
        List<Row> rows = rows(StateDirectory.read(dir), dir);
        if (json) {
            ArrayNode array = DeployJson.MAPPER.createArrayNode();
            rows.forEach(r -> array.add(json(r)));
            out.println(text(array));
        } else if (rows.isEmpty()) {
            out.println("no rollouts in " + dir);
        } else {
            printTable(rows);
        }
        return ExitCodes.HEALTHY;
    }

    /** The rows of a state directory: in-flight rollouts first-hand, finished clusters from the version store. */
    List<Row> rows(StateDirectory state, Path dir) {
        Map<String, Row> byCluster = new LinkedHashMap<>();
        List<Row> standalone = new ArrayList<>();
        VersionStore versions = new VersionStore(state, dev.rollout.api.Clock.SYSTEM);
        List<EnvironmentVersions> environments = new ArrayList<>();
        for (Stored stored : state.list()) {
            String key = stored.key();
            if (key.startsWith(VersionStore.KEY_PREFIX)) {
                String[] parts = key.substring(VersionStore.KEY_PREFIX.length()).split("/", -1);
                if (parts.length == 2) {
                    environments.add(decoded(dir, key, () -> versions.get(parts[0], parts[1])));
                }
                continue;
            }
            StoredRollout s;
            try {
                s = StoredRollout.decode(stored.document());
            } catch (RuntimeException e) {
                // Not a rollout: another document an embedding application keeps in the store.
                err.println("warning: " + dir + ": skipped '" + key + "': not a rollout state ("
                        + e.getMessage() + ")");
                continue;
            }
            String[] scope = key.startsWith(ROLLOUTS) ? key.substring(ROLLOUTS.length()).split("/", 4)
                    : new String[0];
            if (scope.length == 4) {
                byCluster.put(scope[0] + "/" + scope[1] + "/" + scope[2],
                        row(scope[0], scope[1], scope[2], s));
            } else {
                standalone.add(row(null, null, s.targetName(), s));
            }
        }
        List<Row> rows = new ArrayList<>();
        for (EnvironmentVersions env : environments) {
            for (ClusterVersion c : env.clusters().values()) {
                String where = env.service() + "/" + env.environment() + "/" + c.cluster();
                Row live = byCluster.remove(where);
                rows.add(live != null ? live : new Row(env.service(), env.environment(), c.cluster(),
                        null, "Healthy", false, null, null, null, c.revision().id(), null,
                        c.since().toString(), "runs " + c.revision().id() + " (" + c.requestId() + ")",
                        "versions"));
            }
        }
        rows.addAll(byCluster.values());
        rows.addAll(standalone);
        rows.sort(Comparator.comparing((Row r) -> Objects.toString(r.service(), "~"))
                .thenComparing(r -> Objects.toString(r.environment(), ""))
                .thenComparing(r -> Objects.toString(r.cluster(), ""))
                .thenComparing(r -> Objects.toString(r.rollout(), "")));
        return rows;
    }

    private static <T> T decoded(Path dir, String key, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (RolloutException e) {
            throw StateDirectory.problem(dir, key, e.getMessage());
        }
    }

    private static Row row(String service, String environment, String cluster, StoredRollout stored) {
        RolloutStatus s = stored.status();
        int stepCount = stored.spec().strategy() instanceof CanaryStrategy c ? c.steps().size() : 0;
        String stable = s.stableRevision().isEmpty() ? null : s.stableRevision();
        String canary = s.newRevision().equals(stable) ? null : s.newRevision();
        return new Row(service, environment, cluster, s.rolloutId(), s.phase().name(), s.aborted(),
                s.currentStepIndex(), stepCount, s.canaryWeight(), stable, canary,
                s.updatedAt() == null ? null : s.updatedAt().toString(), s.message(), "rollout");
    }

    private void printTable(List<Row> rows) {
        List<List<String>> cells = new ArrayList<>();
        cells.add(List.of("SERVICE/ROLLOUT", "ENVIRONMENT", "CLUSTER", "PHASE", "STEP", "WEIGHT",
                "STABLE", "CANARY", "UPDATED"));
        for (Row r : rows) {
            String who = r.service() == null ? r.rollout()
                    : r.rollout() == null ? r.service() : r.service() + " " + r.rollout();
            cells.add(List.of(who, dash(r.environment()), dash(r.cluster()),
                    r.phase() + (r.aborted() ? " (aborted)" : ""),
                    r.step() == null ? "-" : r.step() + "/" + r.stepCount(),
                    r.canaryWeight() == null ? "-" : r.canaryWeight() + "%",
                    dash(r.stableRevision()), dash(r.canaryRevision()), dash(r.updatedAt())));
        }
        int[] widths = new int[cells.get(0).size()];
        cells.forEach(line -> {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        });
        for (List<String> line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                text.append(i == widths.length - 1 ? line.get(i)
                        : line.get(i) + " ".repeat(widths[i] - line.get(i).length() + 2));
            }
            out.println(text);
        }
    }

    private static String text(ArrayNode array) {
        try {
            return DeployJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }

    private static ObjectNode json(Row r) {
        ObjectNode node = DeployJson.MAPPER.createObjectNode();
        node.put("service", r.service());
        node.put("environment", r.environment());
        node.put("cluster", r.cluster());
        node.put("rollout", r.rollout());
        node.put("phase", r.phase());
        node.put("aborted", r.aborted());
        node.put("step", r.step());
        node.put("stepCount", r.stepCount());
        node.put("canaryWeight", r.canaryWeight());
        node.put("stableRevision", r.stableRevision());
        node.put("canaryRevision", r.canaryRevision());
        node.put("updatedAt", r.updatedAt());
        node.put("message", r.message());
        node.put("source", r.source());
        return node;
    }
}
