package dev.rollout.api.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.rollout.api.RolloutException;
import dev.rollout.api.arch.fixture.Leaky;
import dev.rollout.api.arch.fixture.internal.Hidden;
import org.junit.jupiter.api.Test;

/** The rules themselves catch what they are meant to, so a green PublicApiTest means something. */
class PublicApiRulesTest {

    private final JavaClasses fixture = new ClassFileImporter()
            .importClasses(Leaky.class, Leaky.Oops.class, Hidden.class, RolloutException.class);

    @Test
    void internalTypesInFieldsConstructorsReturnsAndParametersAreReported() {
        assertThat(PublicApiRules.internalTypesInPublicSignatures(fixture))
                .anyMatch(v -> v.contains("Leaky.field") && v.endsWith("internal.Hidden"))
                .anyMatch(v -> v.contains("Leaky.<init>") && v.contains(" takes "))
                .anyMatch(v -> v.contains("Leaky.returns()") && v.contains(" returns "))
                .anyMatch(v -> v.contains("Leaky.takes(") && v.contains(" takes "))
                .noneMatch(v -> v.contains("privately"))
                .hasSize(4);
    }

    @Test
    void aPublicExceptionOutsideTheRootIsReported() {
        PublicApiRules.Exceptions exceptions = PublicApiRules.exceptions(fixture);
        assertThat(exceptions.rooted()).containsExactly(RolloutException.class.getName());
        assertThat(exceptions.otherPublic()).containsExactly(Leaky.Oops.class.getName());
    }
}
