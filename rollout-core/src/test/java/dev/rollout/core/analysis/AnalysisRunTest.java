package dev.rollout.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.analysis.AnalysisArg;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.DryRun;
import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MeasurementRetention;
import dev.rollout.api.analysis.MetricResult;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.provider.scripted.ScriptedValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AnalysisRunTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static List<Instant> startTimes(MetricResult m) {
        return m.measurements().stream().map(Measurement::startedAt).toList();
    }

    @Test
    void measuresAtTheIntervalAndRetriesTenSecondsAfterAnError() {
        AnalysisHarness h = new AnalysisHarness();
        h.metric(AnalysisHarness.web("m").successCondition("result < 0.05").interval("1m").count(3).build(),
                0.01, ScriptedValue.error("down"), 0.01, 0.01);
        h.start();
        AnalysisRunStatus s = h.runUntilDone(Duration.ofHours(1));
        assertThat(startTimes(s.metrics().get(0))).containsExactly(T0, T0.plusSeconds(60),
                T0.plusSeconds(70), T0.plusSeconds(130));
        assertThat(s.phase()).isEqualTo(AnalysisPhase.Successful);
    }

    @Test
    void aRunningMetricExplainsItsCountersAndLastValue() {
        AnalysisHarness h = new AnalysisHarness();
        h.metric(AnalysisHarness.web("m").successCondition("result < 0.05").failureLimit(2).interval("1m").count(5)
                .build(), 0.09, 0.01);
        h.start();
        h.scheduler.advance(Duration.ofSeconds(61));
        assertThat(h.run.status().metrics().get(0).message()).isEqualTo("metric \"m\" Running: count 2/5, "
                + "failed 1 (failureLimit 2), inconclusive 0, consecutiveErrors 0, consecutiveSuccess 1; "
                + "last value 0.01 against result < 0.05");
    }

    @Test
    void initialDelayPostponesTheFirstMeasurement() {
        AnalysisHarness h = new AnalysisHarness();
        h.metric(AnalysisHarness.web("m").initialDelay("30s").build(), 1);
        h.start();
        h.scheduler.advance(Duration.ofSeconds(29));
        assertThat(h.run.status().phase()).isEqualTo(AnalysisPhase.Pending);
        AnalysisRunStatus s = h.runUntilDone(Duration.ofMinutes(1));
        assertThat(startTimes(s.metrics().get(0))).containsExactly(T0.plusSeconds(30));
    }

    @Test
    void dryRunMetricIsExcludedFromTheRunPhaseAndDoesNotTerminateIt() {
        AnalysisHarness h = new AnalysisHarness();
        h.metric(AnalysisHarness.web("noisy").successCondition("result < 0.05").build(), 0.9);
        h.metric(AnalysisHarness.web("real").successCondition("result < 0.05").interval("1m").count(3).build(), 0.01);
        h.dryRun.add(new DryRun("noisy"));
        h.start();
        AnalysisRunStatus s = h.runUntilDone(Duration.ofHours(1));
        assertThat(s.metrics().get(0).phase()).isEqualTo(AnalysisPhase.Failed);
        assertThat(s.metrics().get(0).dryRun()).isTrue();
        assertThat(s.metrics().get(1).count()).isEqualTo(3);
        assertThat(s.phase()).isEqualTo(AnalysisPhase.Successful);
        assertThat(s.message()).contains("dry-run metric \"noisy\" Failed");
    }

    @Test
    void allMetricsDryRunMakesTheRunSuccessful() {
        AnalysisHarness h = new AnalysisHarness();
        h.metric(AnalysisHarness.web("a").successCondition("result < 0.05").build(), 0.9);
        h.dryRun.add(new DryRun("*"));
        h.start();
        assertThat(h.runUntilDone(Duration.ofMinutes(1)).phase()).isEqualTo(AnalysisPhase.Successful);
    }

    @Test
    void aFailedMetricTerminatesTheRunAndTheOthersComplete() {
        AnalysisHarness h = new AnalysisHarness();
        h.metric(AnalysisHarness.web("latency").successCondition("result < 0.5").interval("1m").build(), 0.1);
        h.metric(AnalysisHarness.web("errors").successCondition("result < 0.05").interval("1m").count(5).build(),
                0.01, 0.2);
        h.start();
        AnalysisRunStatus s = h.runUntilDone(Duration.ofHours(1));
        assertThat(s.phase()).isEqualTo(AnalysisPhase.Failed);
        assertThat(s.message()).contains("metric \"errors\" Failed: failed (1) > failureLimit (0)");
        assertThat(s.metrics().get(0).phase()).isEqualTo(AnalysisPhase.Successful);
        assertThat(h.scheduler.pendingTasks()).isZero();
        assertThat(h.scheduler.clock().instant()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void runPhaseIsTheWorstOfItsMetrics() {
        AnalysisHarness h = new AnalysisHarness();
        h.metric(AnalysisHarness.web("a").successCondition("result < 0.05").failureCondition("result > 0.5")
                .build(), 0.1);
        h.metric(AnalysisHarness.web("b").build(), 1);
        h.start();
        assertThat(h.runUntilDone(Duration.ofMinutes(1)).phase()).isEqualTo(AnalysisPhase.Inconclusive);
    }

    @Test
    void measurementRetentionKeepsTheLatest() {
        AnalysisHarness h = new AnalysisHarness();
        h.metric(AnalysisHarness.web("a").interval("1s").count(12).build(), 1);
        h.metric(AnalysisHarness.web("b").interval("1s").count(12).build(), 1);
        h.retention.add(new MeasurementRetention("b", 2));
        h.start();
        AnalysisRunStatus s = h.runUntilDone(Duration.ofMinutes(1));
        assertThat(s.metrics().get(0).measurements()).hasSize(10);
        assertThat(s.metrics().get(0).measurements().get(9).startedAt()).isEqualTo(T0.plusSeconds(11));
        assertThat(s.metrics().get(1).measurements()).hasSize(2);
        assertThat(s.metrics().get(1).count()).isEqualTo(12);
    }

    @Test
    void everyMeasurementAndPhaseChangeIsAnExplainedEvent() {
        AnalysisHarness h = new AnalysisHarness();
        h.metric(AnalysisHarness.web("error-rate").successCondition("result < 0.05").failureLimit(1)
                .interval("1m").count(5).build(), 0.071, 0.01, 0.071);
        h.start();
        h.runUntilDone(Duration.ofHours(1));
        List<RolloutEvent.AnalysisMeasured> measured = h.events.stream()
                .filter(RolloutEvent.AnalysisMeasured.class::isInstance)
                .map(RolloutEvent.AnalysisMeasured.class::cast).toList();
        assertThat(measured).hasSize(3);
        assertThat(measured.get(0).message()).contains("error-rate", "Failed", "0.071", "result < 0.05");
        assertThat(measured.get(0).measurement().value()).contains("0.071");
        List<RolloutEvent.AnalysisPhaseChanged> phases = h.events.stream()
                .filter(RolloutEvent.AnalysisPhaseChanged.class::isInstance)
                .map(RolloutEvent.AnalysisPhaseChanged.class::cast).toList();
        assertThat(phases).extracting(RolloutEvent.AnalysisPhaseChanged::metricName,
                RolloutEvent.AnalysisPhaseChanged::phase).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("error-rate", AnalysisPhase.Running),
                        org.assertj.core.groups.Tuple.tuple("", AnalysisPhase.Running),
                        org.assertj.core.groups.Tuple.tuple("error-rate", AnalysisPhase.Failed),
                        org.assertj.core.groups.Tuple.tuple("", AnalysisPhase.Failed));
        assertThat(phases.get(3).message()).contains(
                "metric \"error-rate\" Failed: failed (2) > failureLimit (1); last value 0.071 against result < 0.05");
        assertThat(h.updates).isNotEmpty();
        assertThat(h.updates.get(h.updates.size() - 1).phase()).isEqualTo(AnalysisPhase.Failed);
        assertThat(phases.get(0).rolloutId()).isEqualTo("ns/app");
        assertThat(phases.get(0).revision()).isEqualTo("rev-2");
    }

    @Test
    void aHungProviderTimesOutAsAnErrorAndItsFutureIsCancelled() {
        AnalysisHarness h = new AnalysisHarness();
        List<CompletableFuture<MetricValue>> futures = new CopyOnWriteArrayList<>();
        h.providers.add(new MetricProvider() {
            @Override
            public String type() {
                return "hang";
            }

            @Override
            public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
                CompletableFuture<MetricValue> f = new CompletableFuture<>();
                futures.add(f);
                return f;
            }
        });
        // a fake that hangs in virtual time: its timeout runs on the virtual clock
        h.scheduler = dev.rollout.core.scheduler.VirtualScheduler.ignoringExternalWork(
                new dev.rollout.api.MockClock(T0));
        h.timeout = Duration.ofSeconds(5);
        h.metric(dev.rollout.api.analysis.Metric.builder("slow", "hang", Map.of()).consecutiveErrorLimit(1).build());
        h.start();
        AnalysisRunStatus s = h.runUntilDone(Duration.ofMinutes(5));
        assertThat(s.phase()).isEqualTo(AnalysisPhase.Error);
        assertThat(futures).hasSize(2).allMatch(CompletableFuture::isCancelled);
        assertThat(s.metrics().get(0).measurements().get(0).message()).contains("timed out after 5.0s");
        // the second attempt came 10 s after the first timed out
        assertThat(startTimes(s.metrics().get(0))).containsExactly(T0, T0.plusSeconds(15));
    }

    @Test
    void cancelStopsInFlightMeasurements() {
        AnalysisHarness h = new AnalysisHarness();
        h.metric(AnalysisHarness.web("m").interval("1m").build(), new ScriptedValue.Hang());
        h.start();
        h.scheduler.runDue();
        assertThat(h.run.status().metrics().get(0).measurements()).singleElement()
                .extracting(Measurement::phase).isEqualTo(AnalysisPhase.Running);
        h.run.cancel();
        assertThat(h.run.status().phase()).isEqualTo(AnalysisPhase.Successful);
        assertThat(h.run.status().message()).contains("run cancelled");
        h.scheduler.runDue();
        assertThat(h.scheduler.pendingTasks()).isZero();
        h.run.terminate();
        assertThat(h.run.status().message()).contains("run cancelled");
    }

    @Test
    void argsAreSubstitutedInLimitsCountIntervalAndConditions() {
        AnalysisHarness h = new AnalysisHarness();
        h.args.add(AnalysisArg.required("count"));
        h.args.add(AnalysisArg.of("threshold", "0.05"));
        h.args.add(AnalysisArg.of("every", "30s"));
        h.metric(AnalysisHarness.web("m").successCondition("result < {{args.threshold}}")
                .interval("{{ args.every }}").count("{{args.count}}").build(), 0.01);
        h.refArgs.add(AnalysisRef.Arg.of("count", "2"));
        h.start();
        AnalysisRunStatus s = h.runUntilDone(Duration.ofHours(1));
        assertThat(s.phase()).isEqualTo(AnalysisPhase.Successful);
        assertThat(startTimes(s.metrics().get(0))).containsExactly(T0, T0.plusSeconds(30));
    }

    @Test
    void aSubstitutedValueThatFailsACheckMakesTheRunError() {
        AnalysisHarness h = new AnalysisHarness();
        h.args.add(AnalysisArg.required("count"));
        h.metric(AnalysisHarness.web("m").count("{{args.count}}").build(), 0.01);
        h.refArgs.add(AnalysisRef.Arg.of("count", "three"));
        h.start();
        AnalysisRunStatus s = h.run.status();
        assertThat(s.phase()).isEqualTo(AnalysisPhase.Error);
        assertThat(s.message()).contains("metric \"m\" count: must be an integer, was \"three\"");
        assertThat(h.updates).as("delivered on the scheduler, not in start()").isEmpty();
        h.scheduler.runDue();
        assertThat(h.updates).extracting(AnalysisRunStatus::phase).containsExactly(AnalysisPhase.Error);
        assertThat(h.scheduler.pendingTasks()).isZero();
    }

    @Test
    void aMissingRequiredArgOrTemplateIsAnInvalidSpec() {
        AnalysisHarness h = new AnalysisHarness();
        h.args.add(AnalysisArg.required("service"));
        h.metric(AnalysisHarness.web("m").build(), 1);
        assertThatThrownBy(h::start).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("args.service: is required");

        AnalysisHarness h2 = new AnalysisHarness();
        h2.metric(AnalysisHarness.web("m").successCondition("result < {{args.nope}}").build(), 1);
        assertThatThrownBy(h2::start).isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("{{args.nope}} has no value");
    }

    @Test
    void aMetricWithoutAProviderMakesTheRunError() {
        AnalysisHarness h = new AnalysisHarness();
        h.metric(AnalysisHarness.web("unscripted").build());
        h.start();
        assertThat(h.run.status().phase()).isEqualTo(AnalysisPhase.Error);
        assertThat(h.run.status().message()).contains("no metric provider is registered for \"prometheus\"");
    }

    @Test
    void aThrowingListenerDoesNotStopTheRun() {
        AnalysisHarness h = new AnalysisHarness();
        h.metric(AnalysisHarness.web("m").interval("1s").count(3).build(), 1);
        h.throwingListeners = true;
        h.start();
        h.runUntilDone(Duration.ofMinutes(1));
        assertThat(h.run.status().phase()).isEqualTo(AnalysisPhase.Successful);
    }
}
