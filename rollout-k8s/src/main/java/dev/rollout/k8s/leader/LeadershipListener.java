package dev.rollout.k8s.leader;

/** Told when an elector gains or loses the lease; called on the elector's scheduler thread. */
public interface LeadershipListener {
    /** This process now holds the lease and may drive rollouts. */
    void startedLeading();

    /** This process no longer holds the lease and must stop driving rollouts at once. */
    void stoppedLeading();
}
