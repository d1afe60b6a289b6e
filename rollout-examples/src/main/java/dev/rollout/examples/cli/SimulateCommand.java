package dev.rollout.examples.cli;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.api.spi.SecretResolver;
import dev.rollout.core.provider.scripted.ScriptedMetrics;
import dev.rollout.core.secret.EnvironmentSecretResolver;
import dev.rollout.core.secret.FileSecretResolver;
import dev.rollout.core.secret.SecretResolvers;
import dev.rollout.core.simulation.Simulation;
import dev.rollout.core.spec.LoadedObject;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.api.Durations;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rollout simulate --rollout FILE [--analysis FILE]... [--metrics FILE] [--json]
 * [--report FILE]}: runs the
 * file's Rollout on the embedded cluster in virtual time and reports how it ends.
 */
@Command(name = "simulate", description = {"run a rollout on the embedded cluster in virtual time",
        "The stable revision runs at spec.replicas, a new revision is rolled out. Exit 0 Healthy,"
                + " 1 Degraded, 2 Paused, 3 not settled, 64 invalid input."})
final class SimulateCommand implements Callable<Integer> {
    /** Simulated time after which a simulation that never settles is stopped. */
    static final Duration DEFAULT_MAX_VIRTUAL = Duration.ofDays(7);

    @Mixin
    HelpOption help;

    @Option(names = "--rollout", paramLabel = "FILE", required = true,
            description = "the Rollout (and any analysis templates beside it)")
    String rolloutFile;

    @Option(names = "--analysis", paramLabel = "FILE", description = "more template files (repeatable)")
    List<String> analysis = new ArrayList<>();

    @Option(names = "--metrics", paramLabel = "FILE", description = "scripted metric results")
    String metricsFile;

    @Option(names = "--json", description = "one JSON object on standard output")
    boolean json;

    @Option(names = "--secrets-dir", paramLabel = "DIR",
            description = "secrets as DIR/NAMESPACE/NAME/KEY files (else ROLLOUT_SECRET_* variables)")
    String secretsDir;

    @Option(names = "--namespace", paramLabel = "NS",
            description = "the namespace of a Rollout without metadata.namespace")
    String namespace;

    @Option(names = "--max-virtual-time", paramLabel = "DURATION",
            description = "stop a simulation that has not settled after this much virtual time"
                    + " (default: 7d; exit 3)")
    String maxVirtualTime;

    @Option(names = "--measurements", description = "accepted for compatibility: --json always"
            + " lists every measurement")
    boolean measurements;

    @Option(names = "--report", paramLabel = "FILE", description = "write an HTML timeline report")
    String reportFile;

    @Mixin
    WatchOptions watchOptions;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    SimulateCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() {
        if (rolloutFile.isBlank()) {
            throw new UsageException("simulate needs --rollout FILE");
        }
        Duration maxVirtual = maxVirtual(maxVirtualTime);
        Optional<ReportFile> report = ReportFile.of(reportFile);

        List<Path> files = new ArrayList<>();
        files.add(Path.of(rolloutFile));
        analysis.forEach(f -> files.add(Path.of(f)));
        Map<String, MetricProvider> providers = SpecFiles.realProviders(env);
        EnvironmentSecretResolver fromEnv =
                new EnvironmentSecretResolver(env, EnvironmentSecretResolver.DEFAULT_PREFIX);
        SecretResolver secrets = secretsDir == null ? fromEnv
                : SecretResolvers.firstOf(new FileSecretResolver(Path.of(secretsDir)), fromEnv);
        // Secrets are resolved before anything runs, so a missing one is bad input (exit 64); a
        // Rollout without namespace is simulated in Simulation.NO_NAMESPACE, so looked up there.
        LoadedSpecs specs = SpecFiles.load(files, providers, namespace,
                (namespace, name, key) -> secrets.resolve(
                namespace.isEmpty() ? Simulation.NO_NAMESPACE : namespace, name, key));
        specs.warnings().forEach(w -> err.println("warning: " + w));
        RolloutSpec spec = theRollout(specs, rolloutFile);
        List<AnalysisTemplate> templates = specs.objects(AnalysisTemplate.class);
        Optional<Path> metrics = Optional.ofNullable(metricsFile).map(Path::of);
        Optional<ScriptedMetrics> scripted = metrics.map(ScriptedMetrics::load);
        SimulationInputs.check(spec, specs.loaded(AnalysisTemplate.class), scripted,
                Optional.ofNullable(metricsFile), providers);

        Simulation.Builder builder = Simulation.builder()
                .spec(spec)
                .templates(templates)
                .providers(providers)
                .maxVirtualTime(maxVirtual);
        scripted.ifPresent(builder::scriptedMetrics);
        builder.secretResolver(secrets);
        WatchBoard watch = WatchBoard.open(watchOptions, json, out, err, env,
                "simulate " + spec.name() + " (virtual time)", Simulation.START);
        if (watch != null) {
            watch.expect(WatchBoard.EMBEDDED, WatchBoard.stepCount(spec));
            builder.listener(e -> watch.onRolloutEvent(WatchBoard.EMBEDDED, e));
        } else if (!json) {
            builder.listener(new Timeline(out, Simulation.START, true));
        }
        report.ifPresent(r -> builder.listener(r.recorder()));
        Simulation simulation = builder.build();
        Simulation.Result result = simulation.run();
        if (watch != null) {
            watch.finish();
        }
        RolloutStatus status = result.status();
        if (json) {
            var node = StatusJson.render(status, result.newRevisionId(), result.start(), result.end());
            StatusJson.experiments(node, spec, status, Simulation.STABLE_REVISION, result.newRevisionId());
            node.put("stoppedAtLimit", result.stoppedAtLimit());
            out.println(StatusJson.toText(node));
        } else {
            out.println();
            out.println("result: " + status.phase() + (status.aborted() ? " (aborted)" : "")
                    + " after " + Timeline.stamp(Duration.between(result.start(), result.end())).trim()
                    + " of virtual time, step " + status.currentStepIndex() + "/" + status.stepCount()
                    + ", canary weight " + status.canaryWeight() + "%");
            if (!status.message().isEmpty()) {
                out.println("message: " + status.message());
            }
        }
        if (report.isPresent()) {
            if (!report.get().write("rollout simulate: " + spec.name(), templates, err)) {
                return ExitCodes.INVALID_INPUT;
            }
            if (!json) {
                out.println("report: " + report.get().path());
            }
        }
        if (result.stoppedAtLimit()) {
            err.println("rollout: the simulation did not settle within " + Durations.format(maxVirtual)
                    + " of virtual time (raise it with --max-virtual-time)");
            return ExitCodes.NOT_SETTLED;
        }
        return ExitCodes.of(status);
    }

    static RolloutSpec theRollout(LoadedSpecs specs, String rolloutFile) {
        List<LoadedObject<RolloutSpec>> rollouts = specs.loaded(RolloutSpec.class);
        List<LoadedObject<RolloutSpec>> inFile = rollouts.stream()
                .filter(r -> Path.of(r.file()).equals(Path.of(rolloutFile))).toList();
        if (inFile.size() != 1) {
            throw new InvalidSpecException(new SpecProblem(rolloutFile, 0, "kind",
                    "expected exactly one Rollout in the --rollout file, found " + inFile.size()));
        }
        return inFile.get(0).value();
    }

    static Duration maxVirtual(String value) {
        if (value == null) {
            return DEFAULT_MAX_VIRTUAL;
        }
        try {
            Duration parsed = Durations.parse(value);
            if (parsed.isZero() || parsed.isNegative()) {
                throw new UsageException("--max-virtual-time must be positive, was " + value);
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--max-virtual-time: " + e.getMessage());
        }
    }
}
