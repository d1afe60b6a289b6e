package dev.rollout.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.rollout.api.arch.PublicApiRules;
import org.junit.jupiter.api.Test;

/** This module's public API: no internal type in a public signature, one exception root. */
class PublicApiTest {

    private static final JavaClasses CLASSES = PublicApiRules.mainClasses("dev.rollout.core");

    @Test
    void noInternalTypeAppearsInAPublicSignature() {
        assertThat(PublicApiRules.internalTypesInPublicSignatures(CLASSES)).isEmpty();
    }

    /**
     * Lists the module's exceptions: a new one must be added here, under RolloutException (or be
     * a private carrier that never reaches a caller, named in {@code other} with its reason).
     */
    @Test
    void everyExceptionOfTheLibraryDescendsFromRolloutException() {
        PublicApiRules.Exceptions exceptions = PublicApiRules.exceptions(CLASSES);
        assertThat(exceptions.rooted()).containsExactly(
                "dev.rollout.core.analysis.condition.ConditionEvaluationException",
                "dev.rollout.core.analysis.condition.ConditionSyntaxException",
                "dev.rollout.core.conductor.DeployRefusedException",
                "dev.rollout.core.conductor.Sources$NotReachedException",
                "dev.rollout.core.conductor.versions.DeployConflictException");
        assertThat(exceptions.other()).containsExactly(
                // private: marks a condition that cannot be evaluated on no data, caught in the class
                "dev.rollout.core.analysis.MeasurementEvaluator$NotEvaluable",
                // package-private: an IOException because it fails the JDK HttpClient's body
                // subscriber (an I/O failure there), reported by the web provider as a provider error
                "dev.rollout.core.provider.web.LimitedBody$TooLarge");
        assertThat(exceptions.otherPublic()).isEmpty();
    }

    /** Packages form a directed acyclic graph: a cycle would be reported with the dependencies closing it. */
    @Test
    void noPackageCycle() {
        assertThat(PublicApiRules.packageCycles(CLASSES)).isEmpty();
    }
}
