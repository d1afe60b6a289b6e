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

    /**
     * The canonical constructor: its parameter list grows with the record (a new field is a new
     * parameter, the previous list then stays as a deprecated overload), so code outside the
     * library is better off with {@link #builder(String, int, Strategy)}.
     */
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

    /**
     * A builder for {@code replicas} of {@code name} rolled out by {@code strategy}: no
     * namespace, Argo's progress deadline (600 seconds, no abort), no labels.
     */
    public static Builder builder(String name, int replicas, Strategy strategy) {
        return new Builder(name, replicas, strategy);
    }

    /** A builder holding every field of this spec, to change some of them. */
    public Builder toBuilder() {
        return new Builder(name, replicas, strategy)
                .namespace(namespace.orElse(null))
                .progressDeadlineSeconds(progressDeadlineSeconds)
                .progressDeadlineAbort(progressDeadlineAbort).labels(labels);
    }

    /** Builds a {@link RolloutSpec}; each setter names the component it sets. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final int replicas;
        private final Strategy strategy;
        private String namespace;
        private int progressDeadlineSeconds = DEFAULT_PROGRESS_DEADLINE_SECONDS;
        private boolean progressDeadlineAbort;
        private Map<String, String> labels = Map.of();

        private Builder(String name, int replicas, Strategy strategy) {
            this.name = Objects.requireNonNull(name, "name");
            this.replicas = replicas;
            this.strategy = Objects.requireNonNull(strategy, "strategy");
        }

        /** Sets {@link RolloutSpec#namespace()}; null is none (set it before start). */
        public Builder namespace(String value) {
            this.namespace = value;
            return this;
        }

        /** Sets {@link RolloutSpec#progressDeadlineSeconds()}. */
        public Builder progressDeadlineSeconds(int value) {
            this.progressDeadlineSeconds = value;
            return this;
        }

        /** Sets {@link RolloutSpec#progressDeadlineAbort()}. */
        public Builder progressDeadlineAbort(boolean value) {
            this.progressDeadlineAbort = value;
            return this;
        }

        /** Sets {@link RolloutSpec#labels()}; null is none. */
        public Builder labels(Map<String, String> value) {
            this.labels = value;
            return this;
        }

        /** The spec. */
        public RolloutSpec build() {
            return new RolloutSpec(name, Optional.ofNullable(namespace), replicas, strategy,
                    progressDeadlineSeconds, progressDeadlineAbort, labels);
        }
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
