package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollout.testkit.RolloutTestKit;
import dev.rollout.testkit.TestRollout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The same spec as {@link CanaryOnEmbeddedClusterTest}, tested the short way a user would with the
 * published rollout-testkit: scripted metrics on virtual time, one assertion per outcome.
 */
class CanaryWithTestKitTest {

    @Test
    void aHealthyCanaryIsPromotedWithTheTestKit() throws IOException {
        TestRollout.Outcome outcome = RolloutTestKit.canary(spec())
                .metric("success-rate", 0.99, 0.98, 0.995)
                .run()
                .assertHealthy();

        assertEquals("2", outcome.status().stableRevision());
    }

    @Test
    void aFailingCanaryIsAbortedWithTheTestKit() throws IOException {
        TestRollout.Outcome outcome = RolloutTestKit.canary(spec())
                .metric("success-rate", 0.99, 0.50, 0.99)
                .run()
                .assertAborted();

        assertTrue(outcome.status().message().contains("success-rate"), outcome.status().message());
    }

    private String spec() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/checkout.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
