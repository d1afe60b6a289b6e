package dev.rollout.k8s.argocd;

import java.util.Objects;

/** How a requested Argo CD deploy stands, with Argo CD's own words in the message. */
public sealed interface ArgoCdStatus {

    /** A human-readable explanation (sync status, health, operation phase and message). */
    String message();

    /** Still syncing or not yet healthy. */
    record InProgress(String message) implements ArgoCdStatus {
        public InProgress {
            Objects.requireNonNull(message, "message");
        }
    }

    /** Synced at the revision, Healthy, and the sync we asked for succeeded. */
    record Succeeded(String message) implements ArgoCdStatus {
        public Succeeded {
            Objects.requireNonNull(message, "message");
        }
    }

    /** The sync failed, the application is Degraded, or the deploy timed out. */
    record Failed(String message) implements ArgoCdStatus {
        public Failed {
            Objects.requireNonNull(message, "message");
        }
    }
}
