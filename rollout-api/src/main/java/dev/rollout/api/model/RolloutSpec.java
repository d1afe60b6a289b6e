package dev.rollout.api.model;

import java.util.Map;
import java.util.Objects;

/**
 * What to roll out and how: the subset of Argo Rollouts' {@code Rollout} spec the engine acts on.
 *
 * @param name the rollout's name, unique within its namespace
 * @param namespace the namespace, {@code default} when not given
 * @param replicas the desired replica count of the service
 * @param strategy canary or blue/green
 * @param progressDeadlineSeconds seconds without progress before the rollout is marked failed (600)
 * @param progressDeadlineAbort whether a missed deadline aborts the rollout
 * @param labels free-form labels, carried into events
 */
public record RolloutSpec(
        String name,
        String namespace,
        int replicas,
        Strategy strategy,
        int progressDeadlineSeconds,
        boolean progressDeadlineAbort,
        Map<String, String> labels) {

    /** Argo's default progress deadline. */
    public static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

    public RolloutSpec {
        Objects.requireNonNull(name, "name");
        namespace = namespace == null ? "default" : namespace;
        Objects.requireNonNull(strategy, "strategy");
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must not be negative, was " + replicas);
        }
        if (progressDeadlineSeconds <= 0) {
            throw new IllegalArgumentException(
                    "progressDeadlineSeconds must be positive, was " + progressDeadlineSeconds);
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A spec with default progress deadline and no labels. */
    public static RolloutSpec of(String name, int replicas, Strategy strategy) {
        return new RolloutSpec(name, "default", replicas, strategy,
                DEFAULT_PROGRESS_DEADLINE_SECONDS, false, Map.of());
    }

    /** A copy with another replica count. */
    public RolloutSpec withReplicas(int newReplicas) {
        return new RolloutSpec(name, namespace, newReplicas, strategy, progressDeadlineSeconds,
                progressDeadlineAbort, labels);
    }

    /** A copy with another progress deadline. */
    public RolloutSpec withProgressDeadline(int seconds, boolean abort) {
        return new RolloutSpec(name, namespace, replicas, strategy, seconds, abort, labels);
    }
}
