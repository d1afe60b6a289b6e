package dev.rollout.k8s.fake;

/**
 * How a simulated Argo CD sync ends.
 *
 * @param phase {@code operationState.phase}: Succeeded, Failed or Error
 * @param health {@code status.health.status} afterwards (Healthy, Degraded, Progressing, ...), or
 *     null to leave it as it was
 * @param message {@code operationState.message}
 * @param healthMessage {@code status.health.message} afterwards, empty for none
 */
public record SyncOutcome(String phase, String health, String message, String healthMessage) {
    /** An outcome whose health carries no message. */
    public SyncOutcome(String phase, String health, String message) {
        this(phase, health, message, "");
    }

    /** Succeeded and Healthy, Argo CD's "successfully synced (all tasks run)". */
    public static SyncOutcome healthy() {
        return new SyncOutcome("Succeeded", "Healthy", "successfully synced (all tasks run)");
    }

    /** Synced, but the resources end Degraded. */
    public static SyncOutcome degraded() {
        return new SyncOutcome("Succeeded", "Degraded", "successfully synced (all tasks run)");
    }

    /** Synced, but the resources end Degraded, with Argo CD's health message (e.g. a progress deadline). */
    public static SyncOutcome degraded(String healthMessage) {
        return new SyncOutcome("Succeeded", "Degraded", "successfully synced (all tasks run)", healthMessage);
    }

    /** Synced, but the resources stay Progressing. */
    public static SyncOutcome progressing() {
        return new SyncOutcome("Succeeded", "Progressing", "successfully synced (all tasks run)");
    }

    /** The sync fails (e.g. a manifest does not apply); health is left as it was. */
    public static SyncOutcome failed(String message) {
        return new SyncOutcome("Failed", null, message);
    }

    /** The sync errors (e.g. the repository cannot be reached); health is left as it was. */
    public static SyncOutcome error(String message) {
        return new SyncOutcome("Error", null, message);
    }

    /** Whether the sync applied the revision. */
    public boolean succeeded() {
        return "Succeeded".equals(phase);
    }
}
