package dev.rollout.core.conductor;

import dev.rollout.api.spi.RolloutMetrics;
import dev.rollout.core.conductor.DeployEvent;
import dev.rollout.core.conductor.DeployListener;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns deploy events into queue and refusal metrics: the events already say when a request
 * waits, starts, is refused or superseded, so the conductor needs no calls of its own. A request
 * that was queued and finishes without having started was pushed out of the pending slot by a
 * newer one (a queued run ends no other way). Thread-safe.
 */
final class DeployMetrics implements DeployListener {
    /** Reason of a request older than a revision some cluster runs. */
    public static final String OLDER_THAN_DEPLOYED = "older_than_deployed";
    /** Reason of a request not newer than the deploy in flight. */
    public static final String NOT_NEWER_THAN_DEPLOYING = "not_newer_than_deploying";
    /** Reason of a request a newer one superseded before it ran. */
    public static final String SUPERSEDED = "superseded";
    /** Reason of a request whose revision has not reached the environment it must pass first. */
    public static final String ENVIRONMENT_NOT_REACHED = "environment_not_reached";

    private static final Logger LOG = LoggerFactory.getLogger(DeployMetrics.class);

    private final RolloutMetrics metrics;
    /** Queued request ids by service and environment; guarded by {@code this}. */
    private final Map<String, Set<String>> queued = new HashMap<>();

    /** Reports to {@code metrics}. */
    public DeployMetrics(RolloutMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void onEvent(DeployEvent event) {
        try {
            switch (event.type()) {
                case Queued -> queue(event, true);
                case Started -> queue(event, false);
                case Refused -> metrics.deployRefused(event.service(), event.environment(),
                        reason(event.message()));
                case Superseded -> refuseQueued(event);
                case Finished -> {
                    if (queue(event, false)) {
                        metrics.deployRefused(event.service(), event.environment(), SUPERSEDED);
                    }
                }
                default -> { }
            }
        } catch (RuntimeException e) {
            LOG.warn("deploy {} of {} to {}: metrics failed on {}: {}", event.requestId(),
                    event.revision(), event.environment(), event.type(), e.toString());
        }
    }

    private void refuseQueued(DeployEvent event) {
        queue(event, false);
        metrics.deployRefused(event.service(), event.environment(), SUPERSEDED);
    }

    /** Adds or removes the request; true if it was removed while queued. */
    private boolean queue(DeployEvent event, boolean add) {
        String key = event.service() + "\u0000" + event.environment();
        boolean changed;
        int waiting;
        synchronized (this) {
            Set<String> ids = queued.computeIfAbsent(key, k -> new LinkedHashSet<>());
            changed = add ? ids.add(event.requestId()) : ids.remove(event.requestId());
            waiting = ids.size();
        }
        if (changed || add) {
            metrics.deployQueue(event.service(), event.environment(), waiting);
        }
        return changed && !add;
    }

    /** The reason code of a refusal, from the admission rules' message (QueueRules). */
    static String reason(String message) {
        return message.contains("which is deploying") ? NOT_NEWER_THAN_DEPLOYING : OLDER_THAN_DEPLOYED;
    }
}
