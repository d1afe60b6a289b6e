package dev.rollout.k8s.fake;

/** How the simulated pods of a pod template behave; chosen per image or label in {@link DeploymentController}. */
public sealed interface PodBehaviour {
    /** Ready on the tick that creates them. */
    static PodBehaviour ready() {
        return new ReadyAfter(0);
    }

    /** Ready once {@code ticks} ticks have passed since they were created. */
    static PodBehaviour readyAfter(int ticks) {
        return new ReadyAfter(ticks);
    }

    /** Ready once {@code delay} has passed on the server clock since they were created. */
    static PodBehaviour readyAfter(java.time.Duration delay) {
        return new ReadyAfterTime(delay);
    }

    /** Never ready: the container restarts in CrashLoopBackOff. */
    static PodBehaviour crashLoop() {
        return new CrashLoop();
    }

    /** Never ready: the image cannot be pulled (ErrImagePull, then ImagePullBackOff). */
    static PodBehaviour imagePullFailure() {
        return new ImagePullFailure();
    }

    /** Pods become ready {@code ticks} ticks after creation. */
    record ReadyAfter(int ticks) implements PodBehaviour {
        /** Validates the tick count. */
        public ReadyAfter {
            if (ticks < 0) {
                throw new IllegalArgumentException("ticks must not be negative, was " + ticks);
            }
        }
    }

    /** Pods become ready {@code delay} after creation, on the server clock. */
    record ReadyAfterTime(java.time.Duration delay) implements PodBehaviour {
        /** Validates the delay. */
        public ReadyAfterTime {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative, was " + delay);
            }
        }
    }

    /** The container keeps crashing. */
    record CrashLoop() implements PodBehaviour {
    }

    /** The image cannot be pulled. */
    record ImagePullFailure() implements PodBehaviour {
    }
}
