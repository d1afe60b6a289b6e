package dev.rollout.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.ProviderException;
import dev.rollout.api.Secret;
import dev.rollout.api.analysis.AnalysisArg;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.Metric;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.provider.scripted.ScriptedValue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A marker secret fed through every path a value can travel (provider block, condition, value,
 * provider error, scripted error, timeout) never shows in a status, event, measurement or log.
 */
class SecretRedactionTest {
    private static final String MARKER = "MARKER-5ec2e7-value";

    /** A provider that leaks everything it is given, as a careless provider would. */
    static final class LeakyProvider implements MetricProvider {
        @Override
        public String type() {
            return "leaky";
        }

        @Override
        public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
            Object mode = request.provider().get("mode");
            if ("value".equals(mode)) {
                return CompletableFuture.completedFuture(new MetricValue.Scalar("token=" + request.provider().get("token")));
            }
            if ("vector".equals(mode)) {
                return CompletableFuture.completedFuture(MetricValue.Vector.of(List.of(request.provider().get("token"))));
            }
            if ("throw".equals(mode)) {
                throw new IllegalStateException("crashed with " + request.provider());
            }
            return CompletableFuture.failedFuture(new ProviderException("failed calling " + request.provider()));
        }
    }

    static Metric leaky(String name, String mode) {
        return Metric.builder(name, "leaky", Map.of("mode", mode, "token", "{{args.token}}",
                "headers", List.of(Map.of("key", "Authorization", "value", "Bearer {{args.token}}"))))
                .consecutiveErrorLimit(0).build();
    }

    @Test
    void theMarkerNeverLeaks() {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        AnalysisHarness h = new AnalysisHarness();
        try {
            h.providers.add(new LeakyProvider());
            h.args.add(new AnalysisArg("token", Optional.empty(), Optional.of(new SecretKeyRef("api", "token"))));
            h.metric(leaky("provider-error", "error"));
            h.metric(leaky("provider-throws", "throw"));
            h.metric(leaky("value", "value"));
            h.metric(leaky("vector", "vector"));
            h.metric(AnalysisHarness.web("condition").successCondition("result == '{{args.token}}'")
                    .failureLimit(1).interval("1m").count(2).build(), "nope", MARKER);
            h.metric(AnalysisHarness.web("scripted-error").consecutiveErrorLimit(0).build(),
                    ScriptedValue.error("scripted failure " + MARKER));
            h.dryRun.add(new dev.rollout.api.analysis.DryRun(".*"));
            h.secretResolverOverride = (ns, name, key) -> Optional.of(Secret.of(MARKER));
            h.start();
            AnalysisRunStatus status = h.runUntilDone(Duration.ofHours(1));
            assertThat(status.phase()).isEqualTo(AnalysisPhase.Successful);
            assertThat(status.metrics()).extracting(m -> m.phase()).containsExactly(AnalysisPhase.Error,
                    AnalysisPhase.Error, AnalysisPhase.Successful, AnalysisPhase.Successful,
                    AnalysisPhase.Successful, AnalysisPhase.Error);
        } finally {
            System.setErr(originalErr);
        }
        String everything = h.events + "\n" + h.updates + "\n" + h.run.status() + "\n" + logs;
        assertThat(everything).doesNotContain(MARKER).contains("****");
        assertThat(h.events.stream().map(RolloutEvent::message)).allSatisfy(m -> assertThat(m).doesNotContain(MARKER));
        assertThat(h.run.status().metrics().get(2).measurements().get(0).value()).contains("token=****");
        assertThat(h.run.status().metrics().get(4).message()).contains("result == '****'");
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("analysis app-rev-2-step1");
    }
}
