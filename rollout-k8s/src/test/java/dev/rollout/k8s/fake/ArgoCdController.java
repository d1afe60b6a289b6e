package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Simulates the Argo CD application controller for {@code applications.argoproj.io}.
 *
 * <p>A sync operation starts when {@code .operation.sync} is set, or, with
 * {@code spec.syncPolicy.automated}, when the resolved target revision(s) differ from
 * {@code status.sync.revision(s)} (an automated sync that failed is not retried for the same
 * revision, as in Argo CD). Without automation a new target only turns {@code status.sync.status}
 * to OutOfSync. While running, {@code operationState.phase} is Running with {@code startedAt};
 * {@link #syncTicks(int)} ticks later (default 1) the operation ends per its {@link SyncOutcome}:
 * {@code .operation} is cleared, {@code operationState} gets phase, message, {@code finishedAt}
 * and {@code syncResult}, and on success {@code status.sync} becomes Synced at the revision(s),
 * {@code status.health} is set and an entry is added to {@code status.history}.
 * Single source ({@code spec.source}, {@code revision}) and multi-source ({@code spec.sources},
 * {@code revisions}) both work. Revisions resolve through {@link #resolveWith(Function)} (default:
 * the target revision itself, "HEAD" when empty).
 */
public final class ArgoCdController implements FakeController {
    private record PendingHealth(long dueTick, String health, String message) {
    }

    private record Running(long startTick, List<String> revisions, String startedAt, JsonNode operation) {
    }

    private final FakeKubeApiServer server;
    private volatile boolean enabled;
    private final Map<String, SyncOutcome> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile Function<String, String> resolver = Function.identity();
    private volatile SyncOutcome defaultOutcome = SyncOutcome.healthy();
    private volatile int syncTicks = 1;
    private volatile int progressingTicks;
    private final Map<String, PendingHealth> pendingHealth = new ConcurrentHashMap<>();
    private long ticks;

    ArgoCdController(FakeKubeApiServer server) {
        this.server = server;
    }

    /**
     * Turns this controller on. It is off by default, so that tests bringing their own Argo
     * stand-in (via {@link FakeKubeApiServer#addController}) are not disturbed.
     */
    public ArgoCdController enable() {
        this.enabled = true;
        return this;
    }

    /** Turns this controller off again. */
    public ArgoCdController disable() {
        this.enabled = false;
        return this;
    }

    /** A sync to this revision (resolved, or as written in targetRevision) ends so. */
    public ArgoCdController whenRevision(String revision, SyncOutcome outcome) {
        outcomes.put(revision, outcome);
        return this;
    }

    /** The outcome of syncs no rule matches (default: Succeeded and Healthy). */
    public ArgoCdController defaultOutcome(SyncOutcome outcome) {
        this.defaultOutcome = outcome;
        return this;
    }

    /** Ticks from the start of a sync to its end (default 1; 0 ends it in the tick that starts it). */
    public ArgoCdController syncTicks(int ticks) {
        if (ticks < 0) {
            throw new IllegalArgumentException("ticks must not be negative, was " + ticks);
        }
        this.syncTicks = ticks;
        return this;
    }

    /**
     * After a successful sync, health stays Progressing for this many ticks before it takes the
     * outcome's value (default 0: at once), as while Argo CD waits for the Deployment to roll out.
     */
    public ArgoCdController progressingTicks(int ticks) {
        if (ticks < 0) {
            throw new IllegalArgumentException("ticks must not be negative, was " + ticks);
        }
        this.progressingTicks = ticks;
        return this;
    }

    /** How a targetRevision (tag, branch) resolves to the revision Argo CD reports (e.g. a commit SHA). */
    public ArgoCdController resolveWith(Function<String, String> resolver) {
        this.resolver = resolver;
        return this;
    }

    @Override
    public synchronized void reconcile() {
        if (!enabled) {
            return;
        }
        ticks++;
        ResourceType type = server.type("argoproj.io/v1alpha1", "applications");
        for (ObjectNode app : server.store().list(type, null)) {
            reconcile(type, app);
        }
    }

    private void reconcile(ResourceType type, ObjectNode app) {
        String ns = app.path("metadata").path("namespace").asText();
        String name = app.path("metadata").path("name").asText();
        String key = ns + "/" + name;
        boolean multi = app.path("spec").path("sources").isArray() && app.path("spec").path("sources").size() > 0;
        List<String> desired = desiredRevisions(app, multi);
        settleHealth(type, ns, name, key);
        Running op = running.get(key);
        if (op == null) {
            JsonNode requested = app.path("operation");
            if (requested.has("sync")) {
                op = start(type, ns, name, key, requested, requestedRevisions(requested.get("sync"), desired, multi));
            } else if (app.path("spec").path("syncPolicy").has("automated")
                    && !desired.equals(syncedRevisions(app, multi)) && !failedBefore(app, desired, multi)) {
                ObjectNode auto = ApiHandler.JSON.createObjectNode();
                ObjectNode sync = auto.putObject("sync");
                putRevisions(sync, desired, multi);
                auto.putObject("initiatedBy").put("automated", true);
                auto.putObject("retry");
                op = start(type, ns, name, key, auto, desired);
            } else {
                markSyncStatus(type, ns, name, desired, multi);
                return;
            }
        }
        if (ticks - op.startTick() >= syncTicks) {
            finish(type, ns, name, key, op, multi);
        }
    }

    private Running start(ResourceType type, String ns, String name, String key, JsonNode operation,
                          List<String> revisions) {
        String now = server.store().now();
        Running op = new Running(ticks, revisions, now, operation.deepCopy());
        running.put(key, op);
        server.store().mutate(type, ns, name, a -> {
            a.set("operation", operation.deepCopy());
            ObjectNode state = a.withObjectProperty("status").putObject("operationState");
            state.set("operation", operation.deepCopy());
            state.put("phase", "Running");
            state.put("message", "");
            state.put("startedAt", now);
            return a;
        });
        return op;
    }

    private void finish(ResourceType type, String ns, String name, String key, Running op, boolean multi) {
        running.remove(key);
        SyncOutcome outcome = outcomeFor(op.revisions());
        String now = server.store().now();
        server.store().mutate(type, ns, name, a -> {
            a.remove("operation");
            ObjectNode status = a.withObjectProperty("status");
            ObjectNode state = status.putObject("operationState");
            state.set("operation", op.operation());
            state.put("phase", outcome.phase());
            state.put("message", outcome.message());
            ObjectNode result = state.putObject("syncResult");
            result.putArray("resources");
            putRevisions(result, op.revisions(), multi);
            putSources(result, a, multi);
            state.put("startedAt", op.startedAt());
            state.put("finishedAt", now);
            ObjectNode sync = status.putObject("sync");
            if (outcome.succeeded()) {
                sync.put("status", "Synced");
                putRevisions(sync, op.revisions(), multi);
                ArrayNode history = status.withArray("history");
                ObjectNode entry = history.addObject();
                putRevisions(entry, op.revisions(), multi);
                entry.put("deployStartedAt", op.startedAt());
                entry.put("deployedAt", now);
                entry.put("id", history.size() < 2 ? history.size() - 1
                        : history.get(history.size() - 2).path("id").asInt() + 1);
                putSources(entry, a, multi);
                if (op.operation().has("initiatedBy")) {
                    entry.set("initiatedBy", op.operation().get("initiatedBy"));
                }
                // Argo CD keeps spec.revisionHistoryLimit entries (default 10), oldest dropped first.
                int limit = a.path("spec").path("revisionHistoryLimit").asInt(10);
                while (history.size() > limit) {
                    history.remove(0);
                }
            } else {
                sync.put("status", "OutOfSync");
                List<String> previous = syncedRevisions(a, multi);
                if (!previous.isEmpty()) {
                    putRevisions(sync, previous, multi);
                }
            }
            ObjectNode compared = sync.putObject("comparedTo");
            putSources(compared, a, multi);
            compared.set("destination", a.path("spec").path("destination").deepCopy());
            if (outcome.health() != null && outcome.succeeded() && progressingTicks > 0) {
                status.putObject("health").put("status", "Progressing").put("lastTransitionTime", now);
                pendingHealth.put(key, new PendingHealth(ticks + progressingTicks, outcome.health(),
                        outcome.healthMessage()));
            } else if (outcome.health() != null) {
                putHealth(status, outcome.health(), outcome.healthMessage(), now);
            }
            status.put("reconciledAt", now);
            return a;
        });
    }

    private void settleHealth(ResourceType type, String ns, String name, String key) {
        PendingHealth pending = pendingHealth.get(key);
        if (pending == null || ticks < pending.dueTick()) {
            return;
        }
        pendingHealth.remove(key);
        String now = server.store().now();
        server.store().mutate(type, ns, name, a -> {
            putHealth(a.withObjectProperty("status"), pending.health(), pending.message(), now);
            return a;
        });
    }

    private static void putHealth(ObjectNode status, String health, String message, String now) {
        ObjectNode node = status.putObject("health").put("status", health).put("lastTransitionTime", now);
        if (message != null && !message.isEmpty()) {
            node.put("message", message);
        }
    }

    private void markSyncStatus(ResourceType type, String ns, String name, List<String> desired, boolean multi) {
        server.store().mutate(type, ns, name, a -> {
            String want = desired.equals(syncedRevisions(a, multi)) ? "Synced" : "OutOfSync";
            if (!want.equals(a.path("status").path("sync").path("status").asText())) {
                a.withObjectProperty("status").withObjectProperty("sync").put("status", want);
                a.withObjectProperty("status").put("reconciledAt", server.store().now());
            }
            return a;
        });
    }

    private SyncOutcome outcomeFor(List<String> revisions) {
        for (String r : revisions) {
            SyncOutcome o = outcomes.get(r);
            if (o != null) {
                return o;
            }
        }
        return defaultOutcome;
    }

    private List<String> desiredRevisions(JsonNode app, boolean multi) {
        List<String> out = new ArrayList<>();
        if (multi) {
            for (JsonNode s : app.path("spec").path("sources")) {
                out.add(resolve(s.path("targetRevision").asText("")));
            }
        } else {
            out.add(resolve(app.path("spec").path("source").path("targetRevision").asText("")));
        }
        return out;
    }

    private String resolve(String target) {
        String t = target.isEmpty() ? "HEAD" : target;
        if (outcomes.containsKey(t)) {
            return t;
        }
        return resolver.apply(t);
    }

    private List<String> requestedRevisions(JsonNode sync, List<String> desired, boolean multi) {
        if (multi && sync.path("revisions").isArray() && sync.path("revisions").size() > 0) {
            List<String> out = new ArrayList<>();
            sync.path("revisions").forEach(r -> out.add(resolve(r.asText())));
            return out;
        }
        if (!multi && !sync.path("revision").asText("").isEmpty()) {
            return List.of(resolve(sync.path("revision").asText()));
        }
        return desired;
    }

    private static List<String> syncedRevisions(JsonNode app, boolean multi) {
        JsonNode sync = app.path("status").path("sync");
        List<String> out = new ArrayList<>();
        if (multi) {
            sync.path("revisions").forEach(r -> out.add(r.asText()));
        } else if (sync.hasNonNull("revision")) {
            out.add(sync.get("revision").asText());
        }
        return out;
    }

    private static boolean failedBefore(JsonNode app, List<String> desired, boolean multi) {
        JsonNode state = app.path("status").path("operationState");
        String phase = state.path("phase").asText("");
        if (!phase.equals("Failed") && !phase.equals("Error")) {
            return false;
        }
        JsonNode result = state.path("syncResult");
        List<String> tried = new ArrayList<>();
        if (multi) {
            result.path("revisions").forEach(r -> tried.add(r.asText()));
        } else if (result.has("revision")) {
            tried.add(result.get("revision").asText());
        }
        return tried.equals(desired);
    }

    private static void putRevisions(ObjectNode node, List<String> revisions, boolean multi) {
        if (multi) {
            ArrayNode list = node.putArray("revisions");
            revisions.forEach(list::add);
        } else {
            node.put("revision", revisions.get(0));
        }
    }

    private static void putSources(ObjectNode node, JsonNode app, boolean multi) {
        if (multi) {
            node.set("sources", app.path("spec").path("sources").deepCopy());
        } else {
            node.set("source", app.path("spec").path("source").deepCopy());
        }
    }
}
