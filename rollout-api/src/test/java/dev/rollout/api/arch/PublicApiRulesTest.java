package dev.rollout.api.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.rollout.api.RolloutException;
import dev.rollout.api.arch.fixture.Leaky;
import dev.rollout.api.arch.fixture.cycle.one.One;
import dev.rollout.api.arch.fixture.cycle.two.Two;
import dev.rollout.api.arch.fixture.cycle.three.Three;
import dev.rollout.api.arch.fixture.Unnamed;
import dev.rollout.api.arch.fixture.comp.Face;
import dev.rollout.api.arch.fixture.comp.internal.Impl;
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
    void aTypeCallersCannotNameInAPublicSignatureIsReported() {
        JavaClasses unnamed = new ClassFileImporter().importClasses(Unnamed.class);
        assertThat(PublicApiRules.internalTypesInPublicSignatures(unnamed))
                .singleElement().asString()
                .contains("Unnamed.make()", " returns ", "Unnamed$Secretly");
    }

    @Test
    void aPublicExceptionOutsideTheRootIsReported() {
        PublicApiRules.Exceptions exceptions = PublicApiRules.exceptions(fixture);
        assertThat(exceptions.rooted()).containsExactly(RolloutException.class.getName());
        assertThat(exceptions.otherPublic()).containsExactly(Leaky.Oops.class.getName());
    }

    @Test
    void aCycleBetweenPackagesIsReportedWithTheDependenciesClosingIt() {
        JavaClasses cyclic = new ClassFileImporter().importClasses(One.class, Two.class, Three.class);
        assertThat(PublicApiRules.packageCycles(cyclic))
                .singleElement().asString()
                .contains("cycle.one", "cycle.two", "cycle.three");
    }

    @Test
    void packagesThatOnlyDependOneWayHaveNoCycle() {
        JavaClasses oneWay = new ClassFileImporter().importClasses(Leaky.class, Hidden.class, Two.class);
        assertThat(PublicApiRules.packageCycles(oneWay)).isEmpty();
    }

    @Test
    void aPackageAndItsInternalPackageThatUseEachOtherAreACycle() {
        JavaClasses faceAndImpl = new ClassFileImporter().importClasses(Face.class, Impl.class);
        assertThat(PublicApiRules.packageCycles(faceAndImpl))
                .singleElement().asString()
                .contains("api.arch.fixture.comp", "api.arch.fixture.comp.internal", "Impl");
    }
}
