package dev.rollout.api.model;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** One step of a canary, as in Argo Rollouts' {@code spec.strategy.canary.steps}. */
public sealed interface CanaryStep {

    /** The step's name as written in YAML ({@code setWeight}, {@code pause}, ...). */
    String type();

    /** Sends {@code weight} percent of traffic (or replicas, without a router) to the canary. */
    record SetWeight(int weight) implements CanaryStep {
        public SetWeight {
            if (weight < 0 || weight > 100) {
                throw new IllegalArgumentException("weight must be 0..100, was " + weight);
            }
        }

        @Override
        public String type() {
            return "setWeight";
        }
    }

    /** Pauses for a duration, or until promoted when the duration is empty. */
    record Pause(Optional<Duration> duration) implements CanaryStep {
        public Pause {
            Objects.requireNonNull(duration, "duration");
            duration.ifPresent(d -> {
                if (d.isNegative()) {
                    throw new IllegalArgumentException("duration must not be negative, was " + d);
                }
            });
        }

        /** A pause until promoted. */
        public static Pause indefinite() {
            return new Pause(Optional.empty());
        }

        /** A pause of the given duration. */
        public static Pause of(Duration duration) {
            return new Pause(Optional.of(duration));
        }

        @Override
        public String type() {
            return "pause";
        }
    }

    /**
     * Overrides the canary's replica count independently of traffic: exactly one of
     * {@code replicas}, {@code weight} or {@code matchTrafficWeight}.
     */
    record SetCanaryScale(OptionalInt replicas, OptionalInt weight, boolean matchTrafficWeight)
            implements CanaryStep {
        public SetCanaryScale {
            Objects.requireNonNull(replicas, "replicas");
            Objects.requireNonNull(weight, "weight");
            int set = (replicas.isPresent() ? 1 : 0) + (weight.isPresent() ? 1 : 0)
                    + (matchTrafficWeight ? 1 : 0);
            if (set != 1) {
                throw new IllegalArgumentException(
                        "exactly one of replicas, weight, matchTrafficWeight must be set");
            }
        }

        public static SetCanaryScale replicas(int replicas) {
            return new SetCanaryScale(OptionalInt.of(replicas), OptionalInt.empty(), false);
        }

        public static SetCanaryScale weight(int weight) {
            return new SetCanaryScale(OptionalInt.empty(), OptionalInt.of(weight), false);
        }

        public static SetCanaryScale matchingTrafficWeight() {
            return new SetCanaryScale(OptionalInt.empty(), OptionalInt.empty(), true);
        }

        @Override
        public String type() {
            return "setCanaryScale";
        }
    }

    /** Runs an analysis and blocks the canary until it ends. */
    record Analysis(AnalysisRef analysis) implements CanaryStep {
        public Analysis {
            Objects.requireNonNull(analysis, "analysis");
        }

        @Override
        public String type() {
            return "analysis";
        }
    }

    /** A step implemented by a user-registered {@code StepHandler} of the same name. */
    record Custom(String name, Map<String, Object> config) implements CanaryStep {
        public Custom {
            Objects.requireNonNull(name, "name");
            config = config == null ? Map.of() : Map.copyOf(config);
        }

        @Override
        public String type() {
            return name;
        }
    }
}
