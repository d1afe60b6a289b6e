package dev.rollout.core;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.WorkloadNotFoundException;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.StartOptions;
import dev.rollout.core.analysis.SpecAnalysis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates, supersedes, resumes and stops rollout machines for the engine. Thread-safe. */
final class MachineFactory {
    private static final Logger LOG = LoggerFactory.getLogger(MachineFactory.class);

    private final EngineContext ctx;
    private final StateCodec codec = new StateCodec();

    /** A factory for one engine. */
    public MachineFactory(EngineContext ctx) {
        this.ctx = ctx;
    }

    private static StrategyProgram program(RolloutMachine m, RolloutSpec spec) {
        return spec.strategy() instanceof BlueGreenStrategy
                ? new BlueGreenProgram(m, spec) : new CanaryProgram(m, spec);
    }

    /** The step count {@link #program}'s program reports for {@code spec}, without a machine. */
    static int stepCount(RolloutSpec spec) {
        return spec.strategy() instanceof BlueGreenStrategy ? BlueGreenProgram.Stage.values().length
                : ((CanaryStrategy) spec.strategy()).steps().size();
    }

    /**
     * The rollout's id, {@code namespace/name}.
     *
     * @throws InvalidSpecException if the spec names no namespace: nothing defaults it
     */
    public static String id(RolloutSpec spec) {
        return spec.id().orElseThrow(() -> new InvalidSpecException(new SpecProblem("<inline>", 0,
                "metadata.namespace", "Rollout \"" + spec.name() + "\" names no namespace, and none is"
                        + " assumed: write metadata.namespace, or start spec.inNamespace(namespace)")));
    }

    /** Validates and starts a new rollout; throws before anything is persisted or changed. */
    public RolloutMachine start(RolloutSpec spec, ClusterTarget target, Revision revision,
            StartOptions options) {
        RolloutState s = new RolloutState();
        s.id(id(spec));
        s.targetName(target.name());
        s.spec(spec);
        s.newRevision(revision);
        s.startedAt(ctx.scheduler().clock().instant());
        s.updatedAt(s.startedAt());
        long version = ctx.store().get(s.id()).map(StateStore.Stored::version).orElse(0L);
        RolloutMachine m = new RolloutMachine(ctx, codec, target, s, version, MachineFactory::program);
        m.program().validate();
        checkAnalyses(spec);
        WorkloadState observed = observeExisting(spec, target, options);
        m.begin(observed);
        return m;
    }

    /** Replaces a rollout's revision and spec, after the same checks as a start. */
    public void supersede(RolloutMachine m, RolloutSpec spec, Revision revision, StartOptions options) {
        checkAnalyses(spec);
        observeExisting(spec, m.target(), options);
        m.supersede(spec, revision);
    }

    /** Refuses a spec whose analyses could not start, with the launcher's (and lint's) messages. */
    private void checkAnalyses(RolloutSpec spec) {
        if (ctx.launcher() == null) {
            // The strategy's validate() has refused any analysis already.
            return;
        }
        List<SpecProblem> problems = new ArrayList<>();
        for (SpecAnalysis analysis : SpecAnalysis.of(spec)) {
            problems.addAll(ctx.launcher().check(spec.namespace(), analysis));
        }
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
    }

    /** Observes the workload; a missing one is refused unless a first deploy was asked for. */
    private static WorkloadState observeExisting(RolloutSpec spec, ClusterTarget target,
            StartOptions options) {
        WorkloadRef ref = new WorkloadRef(spec.namespace().orElseThrow(), spec.name());
        WorkloadState observed = target.observe(ref);
        if (!observed.exists() && !options.allowsFirstDeploy()) {
            throw new WorkloadNotFoundException(ref, target.name());
        }
        return observed;
    }

    /** Loads a stored rollout without driving it, if its target is known. */
    public Optional<RolloutMachine> load(String id, Map<String, ClusterTarget> targets) {
        return ctx.store().get(id).flatMap(this::decode);
    }

    /** Loads a stored rollout and, if unfinished, continues it. */
    public Optional<RolloutMachine> resume(StateStore.Stored stored) {
        Optional<RolloutMachine> machine = decode(stored);
        machine.filter(RolloutMachine::unfinished).ifPresent(RolloutMachine::resumeStored);
        return machine;
    }

    private Optional<RolloutMachine> decode(StateStore.Stored stored) {
        RolloutState s;
        try {
            s = codec.decode(stored.document());
        } catch (RuntimeException e) {
            LOG.warn("Stored rollout {} cannot be read and is skipped: {}", stored.key(), e.getMessage());
            return Optional.empty();
        }
        ClusterTarget target = ctx.targets().get(s.targetName());
        if (target == null) {
            LOG.warn("Rollout {} revision {}: target '{}' is not known to this engine; skipped",
                    s.id(), s.newRevision().id(), s.targetName());
            return Optional.empty();
        }
        return Optional.of(new RolloutMachine(ctx, codec, target, s, stored.version(),
                MachineFactory::program));
    }

    /** Stops driving a rollout. */
    public void stop(RolloutMachine m) {
        m.stop();
    }
}
