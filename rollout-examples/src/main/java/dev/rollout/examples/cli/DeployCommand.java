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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code rollout deploy --config FILE --env ENV --revision REV [--report FILE]}: ships a revision to every cluster
 * of an environment through the conductor, on embedded clusters in virtual time unless the config
 * maps clusters to kubeconfig contexts.
 */
final class DeployCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    DeployCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(String[] args) {
        Set<String> valued = new HashSet<>(DeploySession.VALUED);
        valued.add("revision");
        valued.add(ReportFile.FLAG);
        CliArgs parsed = CliArgs.parse(args, valued, Set.of(),
                WatchBoard.withFlags(Set.of("json", "dry-run", "first-deploy")));
        requireNoPositional(parsed, "deploy");
        String environment = required(parsed, "env", "deploy");
        String revision = required(parsed, "revision", "deploy");
        boolean json = parsed.flag("json");
        Optional<ReportFile> report = parsed.flag("dry-run") ? Optional.empty() : ReportFile.of(parsed);
        try (DeploySession session = new DeploySession(parsed, env, out, err, json,
                report.map(ReportFile::recorder))) {
            if (parsed.flag("dry-run")) {
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
            if (parsed.flag("first-deploy")) {
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

    static void requireNoPositional(CliArgs parsed, String command) {
        if (!parsed.positional().isEmpty()) {
            throw new CliArgs.UsageException("unexpected argument '" + parsed.positional().get(0)
                    + "' (" + command + " takes options only)");
        }
    }

    static String required(CliArgs parsed, String flag, String command) {
        String value = parsed.value(flag);
        if (value == null || value.isBlank()) {
            throw new CliArgs.UsageException(command + " needs --" + flag);
        }
        return value;
    }
}
