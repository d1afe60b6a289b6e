package dev.rollout.k8s.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.k8s.fake.FakeController;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import dev.rollout.k8s.fake.ResourceType;
import java.util.HashSet;
import java.util.Set;

/**
 * A test stand-in for Argo CD's application controller, one step per tick: a sync starts when the
 * target moved (auto-sync) or an {@code operation} is set, succeeds (or fails) on the next tick,
 * and health goes Progressing, then Healthy (or Degraded for revisions listed as bad).
 */
final class FakeArgoCd implements FakeController {
    private final FakeKubeApiServer server;
    final Set<String> degradedRevisions = new HashSet<>();
    final Set<String> failingRevisions = new HashSet<>();

    FakeArgoCd(FakeKubeApiServer server) {
        this.server = server;
    }

    @Override
    public void reconcile() {
        ResourceType type = server.type("argoproj.io/v1alpha1", "applications");
        for (ObjectNode app : server.store().list(type, null)) {
            server.store().mutate(type, app.path("metadata").path("namespace").asText(),
                    app.path("metadata").path("name").asText(), this::step);
        }
    }

    private static String target(JsonNode app) {
        JsonNode spec = app.path("spec");
        return spec.has("source") ? spec.path("source").path("targetRevision").asText("HEAD")
                : spec.path("sources").path(0).path("targetRevision").asText("HEAD");
    }

    private ObjectNode step(ObjectNode app) {
        ObjectNode status = app.with("status");
        String now = server.clock().instant().toString();
        String target = target(app);
        String phase = status.path("operationState").path("phase").asText("");
        if ("Running".equals(phase)) {
            String revision = status.path("operationState").path("syncRevision").asText();
            boolean fails = failingRevisions.contains(revision);
            ObjectNode op = status.with("operationState");
            op.put("phase", fails ? "Failed" : "Succeeded");
            op.put("message", fails ? "one or more objects failed to apply: ImagePullBackOff"
                    : "successfully synced (all tasks run)");
            op.put("finishedAt", now);
            app.remove("operation");
            if (!fails) {
                ObjectNode sync = status.with("sync");
                sync.put("status", "Synced");
                sync.put("revision", "sha-" + revision);
                if (app.path("spec").has("source")) {
                    sync.with("comparedTo").with("source").put("targetRevision", revision);
                } else {
                    sync.with("comparedTo").putArray("sources").addObject()
                            .put("targetRevision", revision);
                }
                status.with("health").put("status", "Progressing");
            }
            return app;
        }
        if ("Progressing".equals(status.path("health").path("status").asText())) {
            boolean bad = degradedRevisions.contains(target);
            status.with("health").put("status", bad ? "Degraded" : "Healthy");
            status.with("health").put("message", bad ? "Deployment web exceeded its progress "
                    + "deadline" : "");
            return app;
        }
        String compared = app.path("spec").has("source")
                ? status.path("sync").path("comparedTo").path("source").path("targetRevision")
                        .asText("")
                : status.path("sync").path("comparedTo").path("sources").path(0)
                        .path("targetRevision").asText("");
        boolean automated = app.path("spec").path("syncPolicy").has("automated");
        boolean requested = app.has("operation");
        if (requested || (automated && !target.equals(compared))) {
            String revision = requested && app.path("operation").path("sync").has("revision")
                    ? app.path("operation").path("sync").path("revision").asText() : target;
            status.with("sync").put("status", "OutOfSync");
            ObjectNode op = status.putObject("operationState");
            op.put("phase", "Running");
            op.put("startedAt", now);
            op.put("syncRevision", revision);
        }
        return app;
    }
}
