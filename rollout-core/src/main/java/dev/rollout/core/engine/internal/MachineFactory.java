package dev.rollout.core.engine.internal;

import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.BlueGreenStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.api.spi.StateStore;
import dev.rollout.core.bluegreen.internal.BlueGreenProgram;
import dev.rollout.core.canary.internal.CanaryProgram;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates, supersedes, resumes and stops rollout machines for the engine. Thread-safe. */
public final class MachineFactory {
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

    /** Validates and starts a new rollout; throws before anything is persisted or changed. */
    public RolloutMachine start(RolloutSpec spec, ClusterTarget target, Revision revision) {
        RolloutState s = new RolloutState();
        s.id = spec.namespace() + "/" + spec.name();
        s.targetName = target.name();
        s.spec = spec;
        s.newRevision = revision;
        s.startedAt = ctx.scheduler().clock().instant();
        s.updatedAt = s.startedAt;
        long version = ctx.store().get(s.id).map(StateStore.Stored::version).orElse(0L);
        RolloutMachine m = new RolloutMachine(ctx, codec, target, s, version, MachineFactory::program);
        m.program().validate();
        WorkloadState observed = target.observe(new WorkloadRef(spec.namespace(), spec.name()));
        m.begin(observed);
        return m;
    }

    /** Replaces a rollout's revision and spec. */
    public void supersede(RolloutMachine m, RolloutSpec spec, Revision revision) {
        m.supersede(spec, revision);
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
        ClusterTarget target = ctx.targets().get(s.targetName);
        if (target == null) {
            LOG.warn("Rollout {} revision {}: target '{}' is not known to this engine; skipped",
                    s.id, s.newRevision.id(), s.targetName);
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
