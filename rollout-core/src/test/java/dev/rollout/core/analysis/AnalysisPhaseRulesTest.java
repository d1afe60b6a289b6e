package dev.rollout.core.analysis;

import static dev.rollout.api.analysis.AnalysisPhase.Error;
import static dev.rollout.api.analysis.AnalysisPhase.Failed;
import static dev.rollout.api.analysis.AnalysisPhase.Inconclusive;
import static dev.rollout.api.analysis.AnalysisPhase.Successful;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.Metric;
import dev.rollout.api.analysis.MetricResult;
import dev.rollout.api.analysis.NoDataPolicy;
import dev.rollout.core.provider.scripted.ScriptedValue;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN §4's measurement, metric and run phase rules as a table: each row is one metric with
 * scripted values, run on virtual time to completion (or terminated after {@code terminateAfter}).
 */
class AnalysisPhaseRulesTest {

    /** One row. {@code measurements} counts every measurement taken (errors included). */
    record Case(String name, UnaryOperator<Metric.Builder> spec, List<Object> values,
            Duration terminateAfter, AnalysisPhase metricPhase, AnalysisPhase runPhase,
            int measurements, int count, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case row(String name, UnaryOperator<Metric.Builder> spec, List<Object> values,
            AnalysisPhase metric, AnalysisPhase run, int measurements, int count, String message) {
        return new Case(name, spec, values, null, metric, run, measurements, count, message);
    }

    static Case terminated(String name, UnaryOperator<Metric.Builder> spec, List<Object> values,
            Duration after, AnalysisPhase metric, int measurements, String message) {
        return new Case(name, spec, values, after, metric, metric, measurements, measurements, message);
    }

    static final ScriptedValue ERR = ScriptedValue.error("backend unavailable");
    static final String LT = "result < 0.05";

    static Stream<Case> cases() {
        return Stream.of(
            row("no conditions: Successful", b -> b, List.of(0.5), Successful, Successful, 1, 1,
                    "count (1) reached"),
            row("success only, true", b -> b.successCondition(LT), List.of(0.01), Successful, Successful, 1, 1, ""),
            row("success only, false: Failed at failureLimit 0", b -> b.successCondition(LT), List.of(0.071),
                    Failed, Failed, 1, 1, "failed (1) > failureLimit (0); last value 0.071 against result < 0.05"),
            row("failure only, false: Successful", b -> b.failureCondition("result > 0.1"), List.of(0.05),
                    Successful, Successful, 1, 1, ""),
            row("failure only, true: Failed", b -> b.failureCondition("result > 0.1"), List.of(0.2),
                    Failed, Failed, 1, 1, "failed (1) > failureLimit (0)"),
            row("both, failure true wins", b -> b.successCondition("result > 0").failureCondition("result > 0.1"),
                    List.of(0.2), Failed, Failed, 1, 1, ""),
            row("both, success true", b -> b.successCondition(LT).failureCondition("result > 0.1"),
                    List.of(0.01), Successful, Successful, 1, 1, ""),
            row("both, neither: Inconclusive at inconclusiveLimit 0",
                    b -> b.successCondition(LT).failureCondition("result > 0.1"), List.of(0.07),
                    Inconclusive, Inconclusive, 1, 1, "inconclusive (1) > inconclusiveLimit (0)"),
            row("inconclusiveLimit 1: second inconclusive completes",
                    b -> b.successCondition(LT).failureCondition("result > 0.1").inconclusiveLimit(1)
                            .interval("1m").count(3),
                    List.of(0.07, 0.01, 0.07), Inconclusive, Inconclusive, 3, 3, "inconclusive (2) > inconclusiveLimit (1)"),
            row("inconclusiveLimit 1: one inconclusive tolerated",
                    b -> b.successCondition(LT).failureCondition("result > 0.1").inconclusiveLimit(1)
                            .interval("1m").count(3),
                    List.of(0.07, 0.01, 0.01), Successful, Successful, 3, 3, ""),
            row("failureLimit 1: one failure tolerated",
                    b -> b.successCondition(LT).failureLimit(1).interval("1m").count(3),
                    List.of(0.01, 0.071, 0.01), Successful, Successful, 3, 3, "failed (1) <= failureLimit (1)"),
            row("failureLimit 1: second failure fails",
                    b -> b.successCondition(LT).failureLimit(1).interval("1m").count(5),
                    List.of(0.071, 0.01, 0.071), Failed, Failed, 3, 3,
                    "metric \"m\" Failed: failed (2) > failureLimit (1); last value 0.071 against result < 0.05"),
            row("failureLimit 0 over a count: first failure fails",
                    b -> b.successCondition(LT).interval("1m").count(5),
                    List.of(0.01, 0.01, 0.09), Failed, Failed, 3, 3, "failed (1) > failureLimit (0)"),
            row("failureLimit -1, consecutiveSuccessLimit 2 reached",
                    b -> b.successCondition(LT).failureLimit(-1).consecutiveSuccessLimit(2).interval("1m").count(5),
                    List.of(0.09, 0.09, 0.01, 0.01), Successful, Successful, 4, 4,
                    "consecutiveSuccess (2) reached consecutiveSuccessLimit (2)"),
            row("failureLimit -1, consecutiveSuccessLimit not reached at count: Failed",
                    b -> b.successCondition(LT).failureLimit(-1).consecutiveSuccessLimit(3).interval("1m").count(4),
                    List.of(0.01, 0.09, 0.01, 0.01), Failed, Failed, 4, 4, "count (4) reached without 3 consecutive successes"),
            row("failureLimit -1, consecutiveSuccessLimit 1: one success suffices",
                    b -> b.successCondition(LT).failureLimit(-1).consecutiveSuccessLimit(1).interval("1m").count(3),
                    List.of(0.2, 0.01), Successful, Successful, 2, 2, ""),
            row("failureLimit and consecutiveSuccessLimit both apply, neither reached: Inconclusive",
                    b -> b.successCondition(LT).failureLimit(1).consecutiveSuccessLimit(2).interval("1m").count(3),
                    List.of(0.01, 0.09, 0.01), Inconclusive, Inconclusive, 3, 3, "count (3) reached without"),
            row("consecutiveSuccessLimit reached early, before count",
                    b -> b.successCondition(LT).failureLimit(1).consecutiveSuccessLimit(2).interval("1m").count(6),
                    List.of(0.01, 0.01), Successful, Successful, 2, 2, "consecutiveSuccess (2)"),
            row("a failure resets consecutive successes",
                    b -> b.successCondition(LT).failureLimit(2).consecutiveSuccessLimit(2).interval("1m").count(5),
                    List.of(0.01, 0.09, 0.01, 0.01), Successful, Successful, 4, 4, "consecutiveSuccess (2)"),
            row("4 consecutive errors tolerated (consecutiveErrorLimit 4)",
                    b -> b.successCondition(LT), List.of(ERR, ERR, ERR, ERR, 0.01), Successful, Successful, 5, 1, ""),
            row("5 consecutive errors: Error",
                    b -> b.successCondition(LT), List.of(ERR, ERR, ERR, ERR, ERR, 0.01), Error, Error, 5, 0,
                    "consecutiveErrors (5) > consecutiveErrorLimit (4)"),
            row("consecutiveErrorLimit 0: first error is fatal",
                    b -> b.successCondition(LT).consecutiveErrorLimit(0), List.of(ERR, 0.01), Error, Error, 1, 0,
                    "consecutiveErrors (1) > consecutiveErrorLimit (0)"),
            row("errors do not add to count and a value resets consecutive errors",
                    b -> b.successCondition(LT).consecutiveErrorLimit(2).interval("1m").count(2),
                    List.of(ERR, ERR, 0.01, ERR, ERR, 0.01), Successful, Successful, 6, 2, ""),
            row("count reached: exactly count measurements",
                    b -> b.successCondition(LT).interval("1m").count(3), List.of(0.01), Successful, Successful, 3, 3,
                    "count (3) reached"),
            row("noDataPolicy error (default): no data with result < 0.05 is an Error",
                    b -> b.successCondition(LT).consecutiveErrorLimit(0), java.util.Arrays.asList((Object) null),
                    Error, Error, 1, 0, "cannot be evaluated"),
            row("noDataPolicy inconclusive", b -> b.successCondition(LT).noDataPolicy(NoDataPolicy.INCONCLUSIVE),
                    java.util.Arrays.asList((Object) null), Inconclusive, Inconclusive, 1, 1, "inconclusive (1)"),
            row("noDataPolicy fail", b -> b.successCondition(LT).noDataPolicy(NoDataPolicy.FAIL),
                    java.util.Arrays.asList((Object) null), Failed, Failed, 1, 1, "failed (1)"),
            row("noDataPolicy pass", b -> b.successCondition(LT).noDataPolicy(NoDataPolicy.PASS),
                    java.util.Arrays.asList((Object) null), Successful, Successful, 1, 1, ""),
            row("default(result, 0) evaluates on no data whatever the policy",
                    b -> b.successCondition("default(result, 0) < 0.05").noDataPolicy(NoDataPolicy.FAIL),
                    java.util.Arrays.asList((Object) null), Successful, Successful, 1, 1, ""),
            row("isNil(result) || ... evaluates on no data",
                    b -> b.successCondition("isNil(result) || result < 0.05"),
                    java.util.Arrays.asList((Object) null), Successful, Successful, 1, 1, ""),
            row("an empty vector is data", b -> b.successCondition("len(result) == 0 || result[0] >= 0.95")
                    .noDataPolicy(NoDataPolicy.FAIL), List.of(List.of()), Successful, Successful, 1, 1, ""),
            row("vector result[0]", b -> b.successCondition("result[0] >= 0.95"), List.of(List.of(0.97, 0.98)),
                    Successful, Successful, 1, 1, ""),
            row("NaN with isNaN", b -> b.successCondition("isNaN(result) || result >= 0.95"), List.of(Double.NaN),
                    Successful, Successful, 1, 1, ""),
            row("job-like false without conditions: Failed", b -> b, List.of(false), Failed, Failed, 1, 1, "failed (1)"),
            row("job-like true without conditions: Successful", b -> b, List.of(true), Successful, Successful, 1, 1, ""),
            row("string result", b -> b.successCondition("result == 'true'"), List.of("true"), Successful,
                    Successful, 1, 1, ""),
            row("non-boolean condition result is an Error",
                    b -> b.successCondition("result + 1").consecutiveErrorLimit(0), List.of(1.0), Error, Error, 1, 0,
                    "not a boolean"),
            row("evaluation error on data is an Error regardless of noDataPolicy",
                    b -> b.successCondition("result[0] > 1").noDataPolicy(NoDataPolicy.PASS).consecutiveErrorLimit(0),
                    List.of("text"), Error, Error, 1, 0, "cannot be evaluated"),
            terminated("indefinite metric is Successful when terminated", b -> b.successCondition(LT).interval("1m"),
                    List.of(0.01), Duration.ofMinutes(3).plusSeconds(30), Successful, 4, "run terminated"),
            terminated("metric terminated before its first measurement is Successful",
                    b -> b.successCondition(LT).interval("1m").initialDelay("10m"), List.of(0.5),
                    Duration.ofMinutes(5), Successful, 0, "before the first measurement"),
            terminated("metric with a count not reached is Successful when terminated",
                    b -> b.successCondition(LT).interval("1m").count(10), List.of(0.01),
                    Duration.ofMinutes(2).plusSeconds(30), Successful, 3, "run terminated"),
            terminated("indefinite metric still fails on its limit",
                    b -> b.successCondition(LT).interval("1m").failureLimit(1), List.of(0.01, 0.2, 0.01, 0.2),
                    Duration.ofMinutes(10), Failed, 4, "failed (2) > failureLimit (1)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void phaseRules(Case c) {
        AnalysisHarness h = new AnalysisHarness();
        h.metric(c.spec().apply(AnalysisHarness.web("m")).build(), c.values().toArray());
        h.start();
        AnalysisRunStatus status;
        if (c.terminateAfter() != null) {
            h.scheduler.runDue();
            h.scheduler.advance(c.terminateAfter());
            h.run.terminate();
            h.scheduler.runDue();
            status = h.run.status();
        } else {
            status = h.runUntilDone(Duration.ofHours(2));
        }
        MetricResult m = status.metrics().get(0);
        assertThat(m.phase()).as("metric phase").isEqualTo(c.metricPhase());
        assertThat(status.phase()).as("run phase").isEqualTo(c.runPhase());
        assertThat(m.successful() + m.failed() + m.inconclusive() + m.error())
                .as("measurements").isEqualTo(c.measurements());
        assertThat(m.count()).as("count").isEqualTo(c.count());
        assertThat(m.message()).as("message").contains(c.message());
        assertThat(h.scheduler.pendingTasks()).as("nothing left scheduled").isZero();
    }
}
