package dev.rollout.core;

import dev.rollout.api.RolloutException;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.model.RolloutStatus;
import java.util.Objects;

/**
 * A rollout as an engine keeps it in its {@link dev.rollout.api.spi.StateStore}, read without an
 * engine: for tools that show what runs where (the CLI's {@code status}) and must never act on it.
 * Decodes every schema version the engine reads. Immutable.
 *
 * @param targetName the name of the cluster target the rollout runs on
 * @param spec the rollout's spec
 * @param status its status as of the stored document (analysis runs as last recorded)
 */
public record StoredRollout(String targetName, RolloutSpec spec, RolloutStatus status) {
    /** The engine's codec, thread-safe: one for every document read. */
    private static final StateCodec CODEC = new StateCodec();

    public StoredRollout {
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(status, "status");
    }

    /**
     * Reads one stored document.
     *
     * @throws RolloutException when {@code document} is not a rollout's state (another document an
     *     application keeps in the same store, or a damaged one), with the reason
     */
    public static StoredRollout decode(String document) {
        Objects.requireNonNull(document, "document");
        RolloutState s;
        try {
            s = CODEC.decode(document);
        } catch (RolloutException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RolloutException("stored rollout state lacks a field or has one of the wrong"
                    + " type (" + e.getClass().getSimpleName() + ")", e);
        }
        return new StoredRollout(s.targetName(), s.spec(),
                Snapshots.of(s, MachineFactory.stepCount(s.spec())));
    }
}
