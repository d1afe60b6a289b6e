package dev.rollout.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.rollout.api.arch.PublicApiRules;
import org.junit.jupiter.api.Test;

/** This module's public API: no internal type in a public signature, one exception root, no package cycle. */
class PublicApiTest {

    private static final JavaClasses CLASSES = PublicApiRules.mainClasses("dev.rollout.http");

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
        assertThat(exceptions.rooted()).isEmpty();
        assertThat(exceptions.other()).containsExactly(
                // package-private: the redacted stand-in for a transport failure, carried only as
                // the cause of a ProviderException (its type name and a secret-free message)
                "dev.rollout.http.Exchange$SanitizedCause");
        assertThat(exceptions.otherPublic()).isEmpty();
    }

    /** Packages form a directed acyclic graph: a cycle would be reported with the dependencies closing it. */
    @Test
    void noPackageCycle() {
        assertThat(PublicApiRules.packageCycles(CLASSES)).isEmpty();
    }
}
