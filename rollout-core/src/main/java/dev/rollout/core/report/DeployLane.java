package dev.rollout.core.report;

import dev.rollout.core.conductor.DeployEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the report draws for one deploy request: hooks, clusters by wave, gates and approvals. */
final class DeployLane {
    /** What a bar stands for. */
    public enum Kind { hook, cluster, gate, approval }

    /**
     * A span of the deploy; {@code to} null while open at the end, {@code outcome} the event type
     * that closed it (empty while open).
     */
    public record Bar(Kind kind, String name, int wave, Instant from, Instant to, String outcome,
            String message) {
    }

    private final String requestId;
    private final List<DeployEvent> events = new ArrayList<>();
    private final List<Bar> bars = new ArrayList<>();
    private final Map<String, Integer> open = new LinkedHashMap<>();

    DeployLane(String requestId) {
        this.requestId = requestId;
    }

    void add(DeployEvent e) {
        events.add(e);
        String cluster = e.cluster() == null ? "" : e.cluster();
        switch (e.type()) {
            case HookStarted -> start(Kind.hook, "hook", e);
            case HookSucceeded, HookFailed -> end("hook", e);
            case ClusterStarted -> start(Kind.cluster, cluster, e);
            case ClusterHealthy, ClusterFailed -> end("cluster:" + cluster, e);
            case ClusterSkipped -> {
                if (!end("cluster:" + cluster, e)) {
                    bars.add(new Bar(Kind.cluster, cluster, e.wave(), e.at(), e.at(), e.type().name(),
                            e.message()));
                }
            }
            case GateStarted -> start(Kind.gate, "gate after wave " + (e.wave() + 1), e);
            case GatePassed, GateFailed -> end("gate:gate after wave " + (e.wave() + 1), e);
            case WaitingForApproval -> start(Kind.approval, "approval", e);
            case Approved -> end("approval:approval", e);
            case Finished -> stopOpenBars(e);
            default -> {
            }
        }
    }

    private void start(Kind kind, String name, DeployEvent e) {
        String key = (kind == Kind.hook ? "" : kind.name() + ":") + name;
        open.put(kind == Kind.hook ? "hook" : key, bars.size());
        bars.add(new Bar(kind, name, e.wave(), e.at(), null, "", e.message()));
    }

    private boolean end(String key, DeployEvent e) {
        Integer index = open.remove(key);
        if (index == null) {
            return false;
        }
        Bar b = bars.get(index);
        bars.set(index, new Bar(b.kind(), b.name(), b.wave(), b.from(), e.at(), e.type().name(),
                b.message() + (e.message().isEmpty() ? "" : " / " + e.message())));
        return true;
    }

    // A failed deploy aborts a parallel cluster without a cluster event: its bar ends with the deploy.
    private void stopOpenBars(DeployEvent e) {
        for (Integer index : open.values()) {
            Bar b = bars.get(index);
            bars.set(index, new Bar(b.kind(), b.name(), b.wave(), b.from(), e.at(), "Stopped",
                    b.message() + " / still open when the deploy finished: " + e.message()));
        }
        open.clear();
    }

    public String requestId() {
        return requestId;
    }

    public List<DeployEvent> events() {
        return events;
    }

    public List<Bar> bars() {
        return bars;
    }

    /** The highest wave index any event named, -1 if none. */
    public int lastWave() {
        return events.stream().mapToInt(DeployEvent::wave).max().orElse(-1);
    }
}
