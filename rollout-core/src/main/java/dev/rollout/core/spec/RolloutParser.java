package dev.rollout.core.spec;

import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.Strategy;
import dev.rollout.core.yaml.DocumentParser;
import dev.rollout.core.yaml.ObjectMeta;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlNode;
import dev.rollout.core.yaml.YamlObject;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Parses an Argo Rollouts {@code Rollout} ({@code argoproj.io/v1alpha1}) into a
 * {@link RolloutSpec}, with Argo's field names, defaults and validation. Registered by
 * {@link SpecLoader#withDefaults()}. Every field is one of three kinds, by a deliberate list:
 *
 * <ul>
 *   <li><b>Acted upon:</b> {@code metadata.name}, {@code namespace}, {@code labels};
 *       {@code spec.replicas} (1), {@code progressDeadlineSeconds} (600),
 *       {@code progressDeadlineAbort}; {@code strategy.canary} ({@code steps} with
 *       {@code setWeight}, {@code pause}, {@code setCanaryScale}, {@code analysis};
 *       {@code maxSurge}, {@code maxUnavailable}, {@code trafficRouting}, {@code analysis},
 *       {@code abortScaleDownDelaySeconds}, {@code dynamicStableScale}, {@code canaryService},
 *       {@code stableService}, {@code scaleDownDelaySeconds} (30; with trafficRouting only, as
 *       in Argo)); {@code strategy.blueGreen} ({@code activeService},
 *       {@code previewService}, {@code previewReplicaCount}, {@code autoPromotionEnabled},
 *       {@code autoPromotionSeconds}, {@code scaleDownDelaySeconds},
 *       {@code prePromotionAnalysis}, {@code postPromotionAnalysis},
 *       {@code abortScaleDownDelaySeconds}).</li>
 *   <li><b>Accepted, type-checked and not acted upon</b>, because the workload itself is managed
 *       by the {@code ClusterTarget} or the field only concerns Kubernetes scheduling and
 *       bookkeeping: {@code metadata.annotations} and server-set metadata; {@code status};
 *       {@code spec.selector}, {@code template}, {@code workloadRef},
 *       {@code revisionHistoryLimit}, {@code minReadySeconds}, {@code paused},
 *       {@code restartAt}, {@code analysis} (run history limits); canary {@code antiAffinity},
 *       {@code canaryMetadata}, {@code stableMetadata},
 *       {@code scaleDownDelayRevisionLimit}, {@code minPodsPerReplicaSet}; blue/green
 *       {@code maxUnavailable}, {@code scaleDownDelayRevisionLimit}, {@code antiAffinity},
 *       {@code previewMetadata}, {@code activeMetadata}; analysis {@code analysisRunMetadata};
 *       {@code trafficRouting.managedRoutes}.</li>
 *   <li><b>Rejected as not supported</b>, because ignoring them would change what the rollout
 *       does: {@code spec.rollbackWindow}, canary {@code pingPong}, the steps
 *       {@code experiment}, {@code setHeaderRoute} and {@code setMirrorRoute},
 *       {@code trafficRouting.maxTrafficWeight}, rollout-side analysis {@code dryRun} and
 *       {@code measurementRetention}, and args from {@code podTemplateHashValue} or
 *       {@code fieldRef}.</li>
 * </ul>
 *
 * Of the accepted fields, those a user may expect an effect from ({@code spec.paused: true},
 * {@code minReadySeconds}, {@code revisionHistoryLimit}, {@code restartAt}, {@code antiAffinity},
 * pod metadata, {@code scaleDownDelayRevisionLimit}, {@code minPodsPerReplicaSet}, blue/green
 * {@code maxUnavailable}) are reported as {@link LoadedSpecs#warnings()}; {@code selector},
 * {@code template} and the like are normal in a Rollout and are not. Any other field is an
 * unknown-field error. Steps handled by a user's own step handler are
 * declared with {@link #withCustomSteps(String...)} and become {@code CanaryStep.Custom}.
 * Thread-safe.
 */
public final class RolloutParser implements DocumentParser<RolloutSpec> {
    /** The kind this parser reads. */
    public static final String KIND = "Rollout";

    private static final String[] SPEC_FIELDS = {"replicas", "strategy",
            "progressDeadlineSeconds", "progressDeadlineAbort",
            // accepted, not acted upon
            "selector", "template", "workloadRef", "revisionHistoryLimit", "minReadySeconds",
            "paused", "restartAt", "analysis",
            // rejected as not supported
            "rollbackWindow"};

    private final Set<String> customSteps;

    /** A parser that knows Argo's step types only. */
    public RolloutParser() {
        this(Set.of());
    }

    private RolloutParser(Set<String> customSteps) {
        this.customSteps = Set.copyOf(customSteps);
    }

    /**
     * A parser that also accepts canary steps named {@code names} (each written as
     * {@code - name: {settings}}), for steps implemented by a user-registered step handler.
     */
    public RolloutParser withCustomSteps(String... names) {
        Set<String> all = new LinkedHashSet<>(customSteps);
        for (String name : names) {
            Objects.requireNonNull(name, "name");
            if (Arrays.asList("setWeight", "pause", "setCanaryScale", "analysis").contains(name)) {
                throw new IllegalArgumentException("custom step must not be named " + name);
            }
            all.add(name);
        }
        return new RolloutParser(all);
    }

    @Override
    public RolloutSpec parse(YamlNode document, SpecReader reader) {
        int mark = reader.problems().count();
        YamlObject root = reader.object(document, "apiVersion", "kind", "metadata", "spec",
                "status");
        Optional<ObjectMeta> metadata = ObjectMeta.read(root);

        YamlObject spec = root.requiredObject("spec", SPEC_FIELDS);
        rejectUnsupported(spec, "rollbackWindow");
        int replicas = spec.nonNegativeInt("replicas", 1);
        int deadline = spec.intInRange("progressDeadlineSeconds", 1, Integer.MAX_VALUE,
                RolloutSpec.DEFAULT_PROGRESS_DEADLINE_SECONDS);
        boolean deadlineAbort = spec.booleanOr("progressDeadlineAbort", false);
        acceptedButIgnored(spec);
        int minReady = spec.nonNegativeInt("minReadySeconds", 0);
        if (minReady > 0) {
            warnIgnored(spec, "minReadySeconds",
                    "a pod counts as available as soon as the cluster target reports it ready");
        }
        if (minReady >= deadline) {
            reader.problems().add(spec.get("progressDeadlineSeconds")
                    .or(() -> spec.get("minReadySeconds")).orElseThrow(),
                    "progressDeadlineSeconds (" + deadline + ") must be greater than"
                            + " minReadySeconds (" + minReady + ")");
        }
        Optional<Strategy> strategy = strategy(spec, reader);
        if (reader.problems().hasNewSince(mark) || strategy.isEmpty() || metadata.isEmpty()) {
            return null;
        }
        ObjectMeta meta = metadata.orElseThrow();
        // No namespace written stays none: the caller says where it runs (RolloutSpec.inNamespace).
        return new RolloutSpec(meta.name(), meta.namespace(), replicas,
                strategy.get(), deadline, deadlineAbort, meta.labels());
    }

    private Optional<Strategy> strategy(YamlObject spec, SpecReader reader) {
        YamlObject strategy = spec.requiredObject("strategy", "canary", "blueGreen");
        Optional<String> which = strategy.exactlyOne("canary", "blueGreen");
        if (which.isEmpty()) {
            return Optional.empty();
        }
        YamlNode node = strategy.get(which.get()).orElseThrow();
        if (which.get().equals("canary")) {
            return new CanaryParser(reader, customSteps).parse(node).map(Strategy.class::cast);
        }
        return BlueGreenParser.parse(node, reader).map(Strategy.class::cast);
    }

    /**
     * Checks the types of fields that are accepted and not acted upon, and warns about those a
     * user may expect an effect from.
     */
    private static void acceptedButIgnored(YamlObject spec) {
        SpecReader reader = spec.reader();
        for (String field : new String[] {"selector", "template", "workloadRef"}) {
            spec.get(field).ifPresent(n -> {
                if (!(n instanceof YamlNode.MapNode)) {
                    reader.problems().add(n, "must be a mapping, was " + n.describe());
                }
            });
        }
        spec.nonNegativeInt("revisionHistoryLimit", 10);
        warnIgnored(spec, "revisionHistoryLimit",
                "the old revision is removed once the new one is promoted");
        if (spec.optionalBoolean("paused").orElse(false)) {
            warnIgnored(spec, "paused", "the rollout starts at once; pause it with the pause "
                    + "action or a pause step");
        }
        spec.optionalString("restartAt");
        warnIgnored(spec, "restartAt", "pods are not restarted");
        spec.object("analysis", "successfulRunHistoryLimit", "unsuccessfulRunHistoryLimit")
                .ifPresent(a -> {
                    a.nonNegativeInt("successfulRunHistoryLimit", 5);
                    a.nonNegativeInt("unsuccessfulRunHistoryLimit", 5);
                });
    }

    /**
     * Warns, when {@code field} is set on {@code object}, that it is accepted and not acted upon,
     * and {@code why} that matters.
     */
    /** Why pod placement fields have no effect. */
    static final String PLACEMENT_IGNORED = "pod placement is left to the cluster target";
    /** Why pod metadata fields have no effect. */
    static final String POD_METADATA_IGNORED = "pod labels and annotations are left to the cluster target";

    static void warnIgnored(YamlObject object, String field, String why) {
        object.get(field).ifPresent(n -> object.reader().problems().warn(n,
                "is accepted but not acted upon: " + why));
    }

    /** Records "not supported" for each of {@code fields} that is set on {@code object}. */
    static void rejectUnsupported(YamlObject object, String... fields) {
        for (String field : fields) {
            object.get(field).ifPresent(n -> object.reader().problems().add(n,
                    "is not supported by rollout"));
        }
    }
}
