package dev.rollout.core.conductor;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.core.analysis.AnalysisRunRequest;
import dev.rollout.core.conductor.DeployEvent;
import dev.rollout.core.conductor.DeployPlan;
import dev.rollout.core.conductor.config.GateConfig;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the gate after a wave: its soak, then its analysis against each cluster of the wave, then
 * its approval. A failed analysis fails the deploy; an inconclusive one waits for an approval.
 */
final class Gates {
    private final Runtime rt;
    private final DeployRun run;

    Gates(Runtime rt, DeployRun run) {
        this.rt = rt;
        this.run = run;
    }

    /** Runs the wave's gate, then {@code then}; a wave without gate goes on at once. */
    void run(DeployPlan.Wave wave, Runnable then) {
        if (wave.gate().isEmpty()) {
            then.run();
            return;
        }
        GateConfig gate = wave.gate().get();
        String name = "gate after wave " + (wave.index() + 1);
        run.emit(DeployEvent.Type.GateStarted, null, wave.index(), name + ": "
                + describe(gate));
        Runnable approval = () -> approval(wave, gate, name, then);
        Runnable analysis = () -> analysis(wave, gate, name, approval);
        if (gate.soak().isPresent()) {
            rt.scheduler().schedule(() -> {
                if (!run.failed()) {
                    analysis.run();
                }
            }, gate.soak().get());
        } else {
            analysis.run();
        }
    }

    private void analysis(DeployPlan.Wave wave, GateConfig gate, String name, Runnable then) {
        if (gate.analysis().isEmpty()) {
            then.run();
            return;
        }
        AnalysisRef ref = gate.analysis().get();
        Map<String, AnalysisRunStatus> results = new LinkedHashMap<>();
        int expected = wave.clusters().size();
        for (DeployPlan.Cluster cluster : wave.clusters()) {
            Runtime.ClusterEngine ce = rt.engine(run.environment(), cluster.name());
            Map<String, String> context = new HashMap<>(cluster.analysisArgs());
            String runName = run.plan().service() + "-" + run.environment() + "-"
                    + cluster.name() + "-gate" + (wave.index() + 1);
            AnalysisRunRequest request = new AnalysisRunRequest(Workloads.id(cluster.spec()),
                    cluster.spec().namespace().orElseThrow(), cluster.revision().id(), runName, ref, context,
                    event -> { });
            try {
                ce.launcher().start(request, status -> {
                    if (status.phase().isCompleted()) {
                        rt.scheduler().execute(() -> analysed(wave, name, cluster.name(), status,
                                results, expected, then));
                    }
                });
            } catch (RuntimeException e) {
                run.emit(DeployEvent.Type.GateFailed, cluster.name(), wave.index(), name
                        + ": analysis could not start on " + cluster.name() + ": " + e.getMessage());
                run.fail(name + ": analysis could not start on " + cluster.name() + ": "
                        + e.getMessage());
                return;
            }
        }
    }

    private void analysed(DeployPlan.Wave wave, String name, String cluster,
            AnalysisRunStatus status, Map<String, AnalysisRunStatus> results, int expected,
            Runnable then) {
        synchronized (results) {
            if (results.putIfAbsent(cluster, status) != null || results.size() < expected) {
                return;
            }
        }
        if (run.failed()) {
            return;
        }
        StringBuilder failed = new StringBuilder();
        boolean inconclusive = false;
        for (Map.Entry<String, AnalysisRunStatus> e : results.entrySet()) {
            AnalysisPhase phase = e.getValue().phase();
            if (phase == AnalysisPhase.Failed || phase == AnalysisPhase.Error) {
                failed.append(failed.length() == 0 ? "" : "; ").append(e.getKey()).append(": ")
                        .append(phase).append(" (").append(e.getValue().message()).append(")");
            } else if (phase == AnalysisPhase.Inconclusive) {
                inconclusive = true;
            }
        }
        if (failed.length() > 0) {
            run.emit(DeployEvent.Type.GateFailed, null, wave.index(), name + ": analysis " + failed);
            run.fail(name + ": analysis " + failed);
        } else if (inconclusive) {
            run.waitForApproval(name + ": analysis inconclusive", then);
        } else {
            then.run();
        }
    }

    private void approval(DeployPlan.Wave wave, GateConfig gate, String name, Runnable then) {
        Runnable passed = () -> {
            run.emit(DeployEvent.Type.GatePassed, null, wave.index(), name + " passed");
            then.run();
        };
        if (gate.approval()) {
            run.waitForApproval(name, passed);
        } else {
            passed.run();
        }
    }

    private static String describe(GateConfig gate) {
        StringBuilder out = new StringBuilder();
        gate.soak().ifPresent(s -> out.append("soak ").append(s));
        gate.analysis().ifPresent(a -> out.append(out.length() == 0 ? "" : ", ").append("analysis ")
                .append(a.templates().stream().map(AnalysisRef.TemplateRef::templateName).toList()));
        if (gate.approval()) {
            out.append(out.length() == 0 ? "" : ", ").append("approval");
        }
        return out.toString();
    }
}
