package dev.rollout.api.model;

import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.internal.Immutable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
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

    /**
     * Argo's {@code experiment} step: runs extra sides (a fresh baseline of the stable revision, a
     * fresh canary) next to the rollout's own pods, runs analyses comparing them, and removes the
     * sides afterwards, whether the analyses passed or failed.
     *
     * @param duration how long the sides run; empty: until the analyses complete
     * @param templates the sides, at least one, names unique
     * @param analyses the analyses, run as one analysis run; may be empty only with a duration
     */
    record Experiment(Optional<Duration> duration, List<Template> templates, List<ExperimentAnalysis> analyses)
            implements CanaryStep {
        /** Attribute of a side's revision: the template's name. */
        public static final String ATTR_EXPERIMENT = "rollout.dev/experiment";
        /** Attribute of a side's revision: the id of the revision it runs (stable or new). */
        public static final String ATTR_SOURCE = "rollout.dev/experiment-source";
        /**
         * Attribute of a side's revision: {@code stable} or {@code canary}. A stable side carries
         * no other attribute; a target runs its workload's current (stable) pod template for it.
         */
        public static final String ATTR_SPEC_REF = "rollout.dev/experiment-spec-ref";
        private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?");

        public Experiment {
            Objects.requireNonNull(duration, "duration");
            templates = List.copyOf(templates);
            analyses = analyses == null ? List.of() : List.copyOf(analyses);
            if (templates.isEmpty()) {
                throw new IllegalArgumentException("templates must not be empty");
            }
            Set<String> names = new HashSet<>();
            for (Template t : templates) {
                if (!names.add(t.name())) {
                    throw new IllegalArgumentException("duplicate template name " + t.name());
                }
            }
            if (duration.isEmpty() && analyses.isEmpty()) {
                throw new IllegalArgumentException("an experiment needs a duration or an analysis");
            }
            duration.ifPresent(d -> {
                if (d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("duration must be positive, was " + d);
                }
            });
        }

        /** Whether {@code name} can name a side: a short DNS label, as it becomes part of a revision id. */
        public static boolean validName(String name) {
            return name != null && NAME.matcher(name).matches();
        }

        /**
         * The revision id a side runs under: {@code <source>-<name>}, the source being
         * {@code stableRevision} for {@code specRef: stable} and {@code newRevision} for
         * {@code canary}. Targets name the side's workload after it.
         */
        public static String sideRevision(Template t, String stableRevision, String newRevision) {
            return (t.specRef() == SpecRef.STABLE ? stableRevision : newRevision) + "-" + t.name();
        }

        /**
         * The analyses merged into one reference (templates in order, args by name), run as one
         * analysis run; empty without analyses.
         */
        public Optional<AnalysisRef> analysis() {
            if (analyses.isEmpty()) {
                return Optional.empty();
            }
            List<AnalysisRef.TemplateRef> refs = new ArrayList<>();
            Map<String, AnalysisRef.Arg> args = new LinkedHashMap<>();
            for (ExperimentAnalysis a : analyses) {
                refs.add(new AnalysisRef.TemplateRef(a.templateName(), a.clusterScope()));
                a.args().forEach(arg -> args.putIfAbsent(arg.name(), arg));
            }
            return Optional.of(new AnalysisRef(refs, List.copyOf(args.values())));
        }

        @Override
        public String type() {
            return "experiment";
        }

        /** Which revision a side runs. */
        public enum SpecRef {
            /** The rollout's stable revision: a baseline. */
            STABLE,
            /** The rollout's new revision. */
            CANARY;

            /** The name as written in YAML. */
            public String yamlName() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        /**
         * One side of an experiment.
         *
         * @param name the side's name (a DNS label); its revision id is {@code <revision>-<name>}
         * @param specRef the revision it runs
         * @param replicas how many pods, at least 1
         */
        public record Template(String name, SpecRef specRef, int replicas) {
            public Template {
                Objects.requireNonNull(specRef, "specRef");
                if (!validName(name)) {
                    throw new IllegalArgumentException("name must be a DNS label of at most 32 characters, was "
                            + name);
                }
                if (replicas < 1) {
                    throw new IllegalArgumentException("replicas must be at least 1, was " + replicas);
                }
            }
        }

        /**
         * One analysis of an experiment.
         *
         * @param name the analysis' name
         * @param templateName the template it runs
         * @param clusterScope whether the template is a ClusterAnalysisTemplate
         * @param args its arguments; values may use {@code {{templates.<name>.revision}}}
         * @param requiredForCompletion Argo's flag, kept; every analysis gates the step (see docs)
         */
        public record ExperimentAnalysis(String name, String templateName, boolean clusterScope,
                List<AnalysisRef.Arg> args, boolean requiredForCompletion) {
            public ExperimentAnalysis {
                Objects.requireNonNull(name, "name");
                Objects.requireNonNull(templateName, "templateName");
                args = args == null ? List.of() : List.copyOf(args);
            }
        }
    }

    /** A step implemented by a user-registered {@code StepHandler} of the same name. */
    record Custom(String name, Map<String, Object> config) implements CanaryStep {
        public Custom {
            Objects.requireNonNull(name, "name");
            config = Immutable.tree(config);
        }

        @Override
        public String type() {
            return name;
        }
    }
}
