package dev.rollout.k8s.hooks;

import java.util.Objects;

/** Where a hook Job stands. */
public sealed interface HookStatus {

    /** The Job is created and has not finished. */
    record Running(String job) implements HookStatus {
        public Running {
            Objects.requireNonNull(job, "job");
        }
    }

    /** The Job completed successfully. */
    record Succeeded(String job) implements HookStatus {
        public Succeeded {
            Objects.requireNonNull(job, "job");
        }
    }

    /** The Job failed or timed out; {@code reason} says why in Kubernetes' words. */
    record Failed(String job, String reason) implements HookStatus {
        public Failed {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
