package dev.rollout.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.rollout.api.arch.PublicApiRules;
import org.junit.jupiter.api.Test;

/** This module's public API: no internal type in a public signature, one exception root. */
class PublicApiTest {

    private static final JavaClasses CLASSES = PublicApiRules.mainClasses("dev.rollout.api");

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
                "dev.rollout.api.ConflictException",
                "dev.rollout.api.InvalidSpecException",
                "dev.rollout.api.ProviderException",
                "dev.rollout.api.RolloutException",
                "dev.rollout.api.TargetException",
                "dev.rollout.api.WorkloadNotFoundException");
        assertThat(exceptions.other()).isEmpty();
        assertThat(exceptions.otherPublic()).isEmpty();
    }

    /** Packages form a directed acyclic graph: a cycle would be reported with the dependencies closing it. */
    @Test
    void noPackageCycle() {
        assertThat(PublicApiRules.packageCycles(CLASSES)).isEmpty();
    }
}
