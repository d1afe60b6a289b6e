package dev.rollout.k8s.leader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.MockClock;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeaseElectorTest {
    private final MockClock clock = new MockClock();
    private final FakeKubeApiServer server = FakeKubeApiServer.start(clock);
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void close() {
        server.close();
    }

    private LeaseElector elector(String identity) {
        return LeaseElector.builder(KubernetesConnection.of(identity, server.apiClient()),
                        "rollouts", "rollout-leader", identity)
                .leaseDuration(Duration.ofSeconds(15)).renewDeadline(Duration.ofSeconds(10))
                .retryPeriod(Duration.ofSeconds(2)).clock(clock)
                .listener(new LeadershipListener() {
                    @Override
                    public void startedLeading() {
                        events.add(identity + " leads");
                    }

                    @Override
                    public void stoppedLeading() {
                        events.add(identity + " stopped");
                    }
                })
                .build();
    }

    private JsonNode lease() {
        return server.get("coordination.k8s.io/v1", "leases", "rollouts", "rollout-leader")
                .orElseThrow().path("spec");
    }

    @Test
    void twoElectorsNeverLeadAtOnceAndTheSecondTakesOverAnExpiredLease() {
        LeaseElector a = elector("a");
        LeaseElector b = elector("b");

        assertThat(a.tryAcquireOrRenew()).isTrue();
        assertThat(b.tryAcquireOrRenew()).isFalse();
        for (int i = 0; i < 10; i++) {
            clock.add(Duration.ofSeconds(2));
            assertThat(a.tryAcquireOrRenew()).isTrue();
            assertThat(b.tryAcquireOrRenew()).isFalse();
        }
        assertThat(lease().path("holderIdentity").asText()).isEqualTo("a");

        // a stops renewing (crashed); b waits a full lease duration of its own time
        clock.add(Duration.ofSeconds(14));
        assertThat(b.tryAcquireOrRenew()).isFalse();
        clock.add(Duration.ofSeconds(2));
        assertThat(b.tryAcquireOrRenew()).isTrue();
        assertThat(a.isLeader()).as("a's own renew deadline has passed").isFalse();
        assertThat(a.tryAcquireOrRenew()).isFalse();

        assertThat(lease().path("holderIdentity").asText()).isEqualTo("b");
        assertThat(lease().path("leaseTransitions").asInt()).isEqualTo(1);
        assertThat(lease().path("renewTime").asText()).matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(events).containsExactly("a leads", "b leads", "a stopped");
    }

    @Test
    void racingForAFreeLeaseHasExactlyOneWinner() {
        LeaseElector a = elector("a");
        LeaseElector b = elector("b");
        a.tryAcquireOrRenew();
        a.stop();
        assertThat(lease().path("holderIdentity").asText()).as("released on stop").isEmpty();

        // both read the released lease; the API server's compare-and-set picks one
        server.faults().on("PUT", ".*/leases/rollout-leader").times(1).conflict();
        boolean bWon = b.tryAcquireOrRenew();
        boolean aWon = elector("a2").tryAcquireOrRenew();

        assertThat(bWon ^ aWon).isTrue();
    }

    @Test
    void aLeaderThatCannotRenewStepsDownAtItsDeadline() {
        LeaseElector a = elector("a");
        a.tryAcquireOrRenew();
        server.faults().on("PUT", ".*/leases/.*").always().serverError();

        clock.add(Duration.ofSeconds(5));
        assertThat(a.tryAcquireOrRenew()).isTrue();
        clock.add(Duration.ofSeconds(5));
        assertThat(a.tryAcquireOrRenew()).isFalse();
        assertThat(events).containsExactly("a leads", "a stopped");
    }
}
