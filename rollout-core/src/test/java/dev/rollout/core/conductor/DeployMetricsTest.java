package dev.rollout.core.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.spi.RolloutMetrics;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the conductor reports through the metrics SPI for deploy events, recorded by a fake. */
class DeployMetricsTest {

    /** Records the deploy calls as lines. */
    static final class Recording implements RolloutMetrics {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void deployQueue(String service, String environment, int waiting) {
            calls.add("queue " + service + "/" + environment + " " + waiting);
        }

        @Override
        public void deployRefused(String service, String environment, String reason) {
            calls.add("refused " + service + "/" + environment + " " + reason);
        }
    }

    @Test
    void deployEventsBecomeQueueLengthsAndRefusalReasons() {
        Recording metrics = new Recording();
        DeployMetrics listener = new DeployMetrics(metrics);
        listener.onEvent(event(DeployEvent.Type.Queued, "r2", "queued behind the deploy in flight"));
        listener.onEvent(event(DeployEvent.Type.Refused, "r3", "revision v1 (request r3) is not newer than"
                + " v2, which is deploying to checkout/staging (request r1)"));
        listener.onEvent(event(DeployEvent.Type.Refused, "r4", "revision v0 (request r4) is older than v1,"
                + " which runs on cluster eu of checkout/staging; going back is a deliberate rollback"));
        // A queued request that finishes without starting was superseded.
        listener.onEvent(event(DeployEvent.Type.Finished, "r2", "Superseded: superseded by v5"));
        listener.onEvent(event(DeployEvent.Type.Superseded, "r6", "superseded at once by the pending v5"));
        listener.onEvent(event(DeployEvent.Type.Finished, "r1", "Deployed: ok"));

        assertThat(metrics.calls).containsExactly(
                "queue checkout/staging 1",
                "refused checkout/staging not_newer_than_deploying",
                "refused checkout/staging older_than_deployed",
                "queue checkout/staging 0",
                "refused checkout/staging superseded",
                "refused checkout/staging superseded");
    }

    private static DeployEvent event(DeployEvent.Type type, String requestId, String message) {
        return new DeployEvent(type, "checkout", "staging", requestId, "v", null, -1, message,
                Instant.parse("2026-01-01T00:00:00Z"));
    }
}
