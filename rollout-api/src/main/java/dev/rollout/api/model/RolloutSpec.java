package dev.rollout.api.model;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What to roll out and how: the subset of Argo Rollouts' {@code Rollout} spec the engine acts on.
 *
 * @param name the rollout's name, unique within its namespace
 * @param namespace the namespace, as written ({@code metadata.namespace}); empty when the spec
 *     names none. Nothing defaults it: as {@code kubectl apply -n} does for Argo, the caller says
 *     where a spec without one runs ({@link #inNamespace(String)}), and the engine refuses to
 *     start a spec without a namespace.
 * @param replicas the desired replica count of the service
 * @param strategy canary or blue/green
 * @param progressDeadlineSeconds seconds without progress before the rollout is marked failed (600)
 * @param progressDeadlineAbort whether a missed deadline aborts the rollout
 * @param labels free-form labels, carried into events
 */
public record RolloutSpec(
        String name,
        Optional<String> namespace,
        int replicas,
        Strategy strategy,
        int progressDeadlineSeconds,
        boolean progressDeadlineAbort,
        Map<String, String> labels) {

    /** Argo's default progress deadline. */
    public static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

    public RolloutSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        if (namespace.isPresent() && namespace.get().isBlank()) {
            throw new IllegalArgumentException("namespace must not be blank");
        }
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

    /** A spec in the given namespace (required, not null). */
    public RolloutSpec(String name, String namespace, int replicas, Strategy strategy,
            int progressDeadlineSeconds, boolean progressDeadlineAbort, Map<String, String> labels) {
        this(name, Optional.of(Objects.requireNonNull(namespace, "namespace")), replicas, strategy,
                progressDeadlineSeconds, progressDeadlineAbort, labels);
    }

    /**
     * A spec that names no namespace, with default progress deadline and no labels; give it one
     * with {@link #inNamespace(String)} before it is started.
     */
    public static RolloutSpec of(String name, int replicas, Strategy strategy) {
        return new RolloutSpec(name, Optional.empty(), replicas, strategy,
                DEFAULT_PROGRESS_DEADLINE_SECONDS, false, Map.of());
    }

    /** A spec in {@code namespace} with default progress deadline and no labels. */
    public static RolloutSpec of(String namespace, String name, int replicas, Strategy strategy) {
        return new RolloutSpec(name, namespace, replicas, strategy,
                DEFAULT_PROGRESS_DEADLINE_SECONDS, false, Map.of());
    }

    /** The rollout's id, {@code namespace/name}, once it has a namespace. */
    public Optional<String> id() {
        return namespace.map(ns -> ns + "/" + name);
    }

    /** A copy in {@code namespace} (as {@code kubectl apply -n namespace} would place it). */
    public RolloutSpec inNamespace(String namespace) {
        return new RolloutSpec(name, namespace, replicas, strategy, progressDeadlineSeconds,
                progressDeadlineAbort, labels);
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
