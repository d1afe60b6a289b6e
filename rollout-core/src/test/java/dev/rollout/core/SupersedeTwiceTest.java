package dev.rollout.core;

import static dev.rollout.core.EngineFixture.V2;
import static dev.rollout.core.EngineFixture.canary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import org.junit.jupiter.api.Test;

/** A basic canary superseded again while an earlier superseded revision still winds down. */
class SupersedeTwiceTest {
    private final EngineFixture f = new EngineFixture();

    private static CanaryStep[] steps() {
        return new CanaryStep[] {new CanaryStep.SetWeight(30), CanaryStep.Pause.indefinite()};
    }

    private int available() {
        return f.target.observe(new WorkloadRef("default", "app")).revisions().values().stream()
                .mapToInt(RevisionState::available).sum();
    }

    @Test
    void theEarlierSupersededRevisionAlsoGoesWithinTheBounds() {
        RolloutEngine engine = f.engine();
        engine.start(canary(steps()), "local", V2);
        f.run();
        assertThat(f.target.desired("v1")).isEqualTo(7);
        assertThat(f.target.desired("v2")).isEqualTo(3);

        // R=10, maxSurge 3, maxUnavailable 2: v2 keeps 1 pod until the new stable pods are up.
        engine.start(canary(steps()), "local", Revision.of("v3"));
        assertThat(f.target.desired("v1")).isEqualTo(10);
        assertThat(f.target.desired("v2")).isEqualTo(1);
        assertThat(available()).isEqualTo(8);

        // Superseded again before then: v2's available pod is still needed, so v2 stays.
        RolloutHandle h = engine.start(canary(steps()), "local", Revision.of("v4"));
        assertThat(f.target.exists("v2")).isTrue();
        assertThat(f.target.desired("v2")).isEqualTo(1);
        assertThat(available()).isGreaterThanOrEqualTo(8);

        f.run();
        assertThat(f.target.exists("v2")).isFalse();
        assertThat(f.target.exists("v3")).isFalse();
        assertThat(h.status().newRevision()).isEqualTo("v4");
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Paused);
        assertThat(f.target.desired("v4")).isEqualTo(3);
        assertThat(f.target.desired("v1")).isEqualTo(7);
        assertThat(f.target.ops()).containsSubsequence("scale v2 1", "remove v3", "remove v2", "scale v4 3");
    }
}
