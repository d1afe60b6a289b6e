package dev.rollout.core;

import dev.rollout.api.arch.PublicApiContract;
import java.util.List;

/** This module's public API (see PublicApiContract); a new exception must be listed here. */
class PublicApiTest extends PublicApiContract {
    PublicApiTest() {
        super("dev.rollout.core",
                List.of(
                        "dev.rollout.core.analysis.condition.ConditionEvaluationException",
                        "dev.rollout.core.analysis.condition.ConditionSyntaxException",
                        "dev.rollout.core.conductor.DeployRefusedException",
                        "dev.rollout.core.conductor.Sources$NotReachedException",
                        "dev.rollout.core.conductor.versions.DeployConflictException"),
                List.of(
                        // private: marks a condition that cannot be evaluated on no data, caught in the class
                        "dev.rollout.core.analysis.MeasurementEvaluator$NotEvaluable",
                        // package-private: an IOException because it fails the JDK HttpClient's body
                        // subscriber (an I/O failure there), reported by the web provider as a provider error
                        "dev.rollout.core.provider.web.LimitedBody$TooLarge"));
    }
}
