package dev.rollout.core.analysis;

import dev.rollout.api.analysis.NoDataPolicy;
import dev.rollout.core.analysis.condition.Condition;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A metric with its args substituted and every field typed and checked: what a run measures.
 *
 * @param name the metric's name
 * @param template the template it came from, for messages
 * @param interval time between measurements, if any
 * @param initialDelay time before the first measurement (zero when none)
 * @param effectiveCount measurements to take, or 0 for a metric that runs until terminated
 * @param successCondition the compiled success condition, or null
 * @param failureCondition the compiled failure condition, or null
 * @param failureLimit failed measurements tolerated, -1 for no limit
 * @param inconclusiveLimit inconclusive measurements tolerated
 * @param consecutiveErrorLimit errors in a row tolerated
 * @param consecutiveSuccessLimit successes in a row that complete the metric, 0 = off
 * @param noDataPolicy what no data makes of a condition that cannot be evaluated
 * @param providerType the provider block's key
 * @param provider the provider block with args (secrets included) substituted
 * @param dryRun whether the metric is left out of the run's phase
 * @param retention how many measurements to keep
 */
record ResolvedMetric(String name, String template, Optional<Duration> interval,
        Duration initialDelay, int effectiveCount, Condition successCondition,
        Condition failureCondition, int failureLimit, int inconclusiveLimit,
        int consecutiveErrorLimit, int consecutiveSuccessLimit, NoDataPolicy noDataPolicy,
        String providerType, Map<String, Object> provider, boolean dryRun, int retention) {

    /** Whether the metric has a count (otherwise it runs until the run is terminated). */
    public boolean hasCount() {
        return effectiveCount > 0;
    }

    /** The conditions as text, for messages. */
    public String conditionsText() {
        if (successCondition != null && failureCondition != null) {
            return "successCondition `" + successCondition.expression() + "` / failureCondition `"
                    + failureCondition.expression() + "`";
        }
        if (successCondition != null) {
            return successCondition.expression();
        }
        if (failureCondition != null) {
            return "failureCondition `" + failureCondition.expression() + "`";
        }
        return "no condition";
    }
}
