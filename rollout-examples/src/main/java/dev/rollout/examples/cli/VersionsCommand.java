package dev.rollout.examples.cli;

import dev.rollout.core.conductor.config.ServiceConfig;
import dev.rollout.core.conductor.config.ServiceConfigLoader;
import dev.rollout.core.conductor.versions.ClusterVersion;
import dev.rollout.core.conductor.versions.EnvironmentVersions;
import dev.rollout.core.conductor.versions.HistoryEntry;
import dev.rollout.core.conductor.versions.VersionStore;
import dev.rollout.core.state.FileStateStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rollout versions --config FILE [--env ENV] --state-dir DIR [--json]}: which revision runs
 * on which cluster of each environment, since when, and the history.
 */
@Command(name = "versions", description = "which revision runs where, since when, and the history")
final class VersionsCommand implements Callable<Integer> {
    private static final int HISTORY_SHOWN = 10;

    @Mixin
    HelpOption help;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "the service's config")
    String config;

    @Option(names = "--state-dir", paramLabel = "DIR", required = true,
            description = "the state directory deploys wrote")
    String stateDir;

    @Option(names = "--env", paramLabel = "ENV", description = "only this environment")
    String only;

    @Option(names = "--json", description = "one JSON object on standard output")
    boolean json;

    private final PrintStream out;

    VersionsCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        ServiceConfig config = ServiceConfigLoader.load(Path.of(DeployCommand.required(this.config,
                "config", "versions")));
        VersionStore store = new VersionStore(new FileStateStore(Path.of(DeployCommand.required(
                stateDir, "state-dir", "versions"))), dev.rollout.api.Clock.SYSTEM);
        List<String> names = config.environmentNames();
        if (only != null) {
            if (!names.contains(only)) {
                throw new UsageException("--env " + only + ": the config has no such"
                        + " environment (it has " + String.join(", ", names) + ")");
            }
            names = List.of(only);
        }
        List<EnvironmentVersions> versions = new ArrayList<>();
        names.forEach(name -> versions.add(store.get(config.name(), name)));
        if (json) {
            out.println(DeployJson.text(DeployJson.versions(config.name(), versions)));
            return ExitCodes.HEALTHY;
        }
        for (EnvironmentVersions v : versions) {
            out.println(v.environment() + ":" + v.deploying().map(t -> " (deploying "
                    + t.revision().id() + ", " + t.requestId() + ")").orElse("")
                    + v.pending().map(t -> " (pending " + t.revision().id() + ")").orElse(""));
            for (String cluster : config.environment(v.environment()).orElseThrow().clusters()) {
                ClusterVersion c = v.clusters().get(cluster);
                out.printf("  %-12s %s%n", cluster, c == null ? "(nothing deployed)"
                        : c.revision().id() + " since " + c.since() + " (" + c.requestId() + ")");
            }
            List<HistoryEntry> history = v.history();
            for (HistoryEntry h : history.subList(Math.max(0, history.size() - HISTORY_SHOWN),
                    history.size())) {
                out.println("    " + h.time() + " " + h.kind() + " " + h.revision()
                        + (h.cluster() == null ? "" : " on " + h.cluster())
                        + (h.message() == null || h.message().isEmpty() ? "" : ": " + h.message()));
            }
        }
        return ExitCodes.HEALTHY;
    }
}
