package dev.rollout.examples.cli;

import dev.rollout.api.deploy.DeployNotification;
import dev.rollout.core.conductor.ClusterDeployStatus;
import dev.rollout.core.conductor.DeployHandle;
import dev.rollout.core.conductor.DeployPlan;
import dev.rollout.core.conductor.DeployRequest;
import dev.rollout.core.conductor.DeployStatus;
import dev.rollout.core.conductor.config.HookConfig;
import dev.rollout.core.conductor.values.Provenance;
import dev.rollout.api.Durations;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rollout deploy --config FILE --env ENV --revision REV [--report FILE]}: ships a revision to every cluster
 * of an environment through the conductor, on embedded clusters in virtual time unless the config
 * maps clusters to kubeconfig contexts.
 */
@Command(name = "deploy", description = {"ship a revision to every cluster of an environment, in waves",
        "Embedded clusters in virtual time, unless the config maps clusters to kubeconfig contexts"
                + " (these need lib/ beside rollout.jar)."})
final class DeployCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    DeployOptions session;

    @Option(names = "--revision", paramLabel = "REV", required = true,
            description = "the revision to ship (a tag or commit of the config's source)")
    String revision;

    @Option(names = "--first-deploy", description = "allow an environment that runs nothing yet")
    boolean firstDeploy;

    @Option(names = "--dry-run", description = "print the plan (waves, values, provenance) and change nothing")
    boolean dryRun;

    @Option(names = "--json", description = "one JSON object on standard output")
    boolean json;

    @Option(names = "--report", paramLabel = "FILE", description = "write an HTML timeline report")
    String reportFile;

    @Mixin
    WatchOptions watchOptions;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    DeployCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() {
        String environment = required(this.session.environment, "env", "deploy");
        required(revision, "revision", "deploy");
        Optional<ReportFile> report = dryRun ? Optional.empty() : ReportFile.of(reportFile);
        try (DeploySession session = new DeploySession(this.session, watchOptions, revision, env,
                out, err, json, report.map(ReportFile::recorder))) {
            if (dryRun) {
                DeployPlan plan = session.conductor.plan(environment, revision);
                if (json) {
                    out.println(DeployJson.text(DeployJson.plan(plan)));
                } else {
                    printPlan(plan, session.config.file().toAbsolutePath().getParent());
                }
                return ExitCodes.HEALTHY;
            }
            DeployRequest request = DeployRequest.of(environment, revision)
                    .by(env.getOrDefault("USER", ""));
            if (firstDeploy) {
                request = request.allowingFirstDeploy();
            }
            session.expectClusters(environment, revision);
            DeployHandle handle = session.conductor.deploy(request);
            boolean settled = session.drive(handle);
            int code = report(session, handle.status(), settled, json);
            if (report.isPresent()) {
                if (!report.get().write("rollout deploy: " + session.config.name() + " " + revision
                        + " to " + environment, session.templates(), err)) {
                    return ExitCodes.INVALID_INPUT;
                }
                if (!json) {
                    out.println("report: " + report.get().path());
                }
            }
            return code;
        }
    }

    /** Prints how a deploy ended and returns its exit code. */
    int report(DeploySession session, DeployStatus status, boolean settled, boolean json) {
        List<DeployNotification> notifications = session.notifications;
        if (json) {
            var node = DeployJson.deploy(status, notifications);
            node.put("stoppedAtLimit", !settled);
            out.println(DeployJson.text(node));
        } else {
            out.println();
            out.println("result: " + (status.result() == null ? status.state() : status.result())
                    + ": " + status.service() + " " + status.revision() + " to "
                    + status.environment() + " (" + status.requestId() + ")");
            for (ClusterDeployStatus c : status.clusters()) {
                out.printf("  wave %d  %-12s %-12s %s -> %s, %d replicas%s%n", c.wave() + 1,
                        c.name(), c.phase(), c.previousRevision() == null ? "(none)"
                                : c.previousRevision(), c.revision(), c.replicas(),
                        c.message().isEmpty() ? "" : "  " + c.message());
            }
            if (!status.message().isEmpty()) {
                out.println("message: " + status.message());
            }
        }
        if (!settled) {
            err.println("rollout: the deploy did not settle within "
                    + Durations.format(session.maxVirtual()) + " of virtual time");
            return ExitCodes.NOT_SETTLED;
        }
        return ExitCodes.of(status);
    }

    private void printPlan(DeployPlan plan, java.nio.file.Path base) {
        java.util.function.UnaryOperator<String> rel = file -> {
            java.nio.file.Path p = java.nio.file.Path.of(file);
            return p.isAbsolute() && p.startsWith(base) ? base.relativize(p).toString() : file;
        };
        out.println("plan: deploy " + plan.service() + " " + plan.revision().id() + " to "
                + plan.environment() + " (dry run: nothing is changed)");
        for (HookConfig hook : plan.hooks()) {
            out.println("pre-deploy hook: " + hook.name() + " ("
                    + (hook.job().isPresent() ? "Kubernetes Job" : String.join(" ", hook.command()))
                    + ", timeout " + Durations.format(hook.timeout()) + ")");
        }
        for (DeployPlan.Wave wave : plan.waves()) {
            out.println("wave " + (wave.index() + 1) + (wave.parallel() ? " (parallel)" : "")
                    + wave.gate().map(g -> ", then gate:"
                            + g.soak().map(s -> " soak " + Durations.format(s)).orElse("")
                            + g.analysis().map(a -> " analysis " + a.templates().stream()
                                    .map(t -> t.templateName()).toList()).orElse("")
                            + (g.approval() ? " approval" : "")).orElse(""));
            for (DeployPlan.Cluster c : wave.clusters()) {
                out.println("  " + c.name() + ": " + c.spec().replicas() + " replicas in "
                        + c.spec().namespace().orElse("?") + ", image "
                        + c.revision().attributes().getOrDefault("image", "(from the rollout)")
                        + ", now " + c.previous().map(r -> r.id()).orElse("nothing (first deploy)")
                        + (c.commits().isEmpty() ? "" : ", " + c.commits().size() + " commits since"));
                out.println("    values files: " + String.join(", ",
                        c.valueFiles().stream().map(rel).toList()));
                for (Map.Entry<String, Provenance> e : c.values().leaves().entrySet()) {
                    out.println("    " + e.getKey() + " = " + c.values().get(e.getKey()).orElse(null)
                            + "   (" + rel.apply(e.getValue().file()) + ":" + e.getValue().line() + ")");
                }
                out.println("    analysis args: " + c.analysisArgs());
            }
        }
    }

    /** {@code value}, which must not be blank: a required flag given as {@code --flag=}. */
    static String required(String value, String flag, String command) {
        if (value == null || value.isBlank()) {
            throw new UsageException(command + " needs --" + flag);
        }
        return value;
    }
}
