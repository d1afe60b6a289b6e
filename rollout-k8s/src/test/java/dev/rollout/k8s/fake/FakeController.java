package dev.rollout.k8s.fake;

/** A simulated controller: one deterministic reconcile pass over the store per tick. */
@FunctionalInterface
public interface FakeController {
    /** Looks at every object it cares about once and moves its status on by one step. */
    void reconcile();
}
