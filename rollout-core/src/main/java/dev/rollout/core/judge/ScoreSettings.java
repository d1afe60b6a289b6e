package dev.rollout.core.judge;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How metric verdicts become a canary score (0 to 100) and an outcome.
 *
 * @param pass a score at or above this passes (default 95, Spinnaker's usual setting)
 * @param marginal a score at or above this and below {@code pass} is marginal (default 75)
 * @param groupWeights weights of groups in percent; groups without a weight share what is left of
 *     100 equally (Kayenta's rule); immutable
 */
public record ScoreSettings(double pass, double marginal, Map<String, Double> groupWeights) {
    public ScoreSettings {
        if (!(marginal >= 0 && marginal <= pass && pass <= 100)) {
            throw new IllegalArgumentException("need 0 <= marginal <= pass <= 100, were marginal "
                    + marginal + " and pass " + pass);
        }
        groupWeights = Collections.unmodifiableMap(new LinkedHashMap<>(groupWeights));
        groupWeights.forEach((group, weight) -> {
            if (!(weight >= 0)) {
                throw new IllegalArgumentException("weight of group " + group + " must be >= 0, was " + weight);
            }
        });
    }

    /** Pass 95, marginal 75, no group weights. */
    public static ScoreSettings defaults() {
        return new ScoreSettings(95, 75, Map.of());
    }
}
