package dev.rollout.api.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The public-API rules as tests, for a library module to extend once with its root package and
 * the exceptions it declares ({@code class PublicApiTest extends PublicApiContract}): no internal
 * type, nor one a caller cannot name, in a public signature; every exception under
 * {@code RolloutException}; no package cycle. A new exception fails the test until it is listed,
 * so each one is a decision.
 */
public abstract class PublicApiContract {
    private static final Map<String, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

    private final JavaClasses classes;
    private final List<String> rootedExceptions;
    private final List<String> privateCarriers;

    /**
     * @param rootPackage the module's root package, {@code dev.rollout.<module>}
     * @param rootedExceptions the module's exception types under RolloutException, sorted by name
     * @param privateCarriers the module's other throwables, each private or package-private and
     *     never reaching a caller except as a redacted cause (say why beside each), sorted by name
     */
    protected PublicApiContract(String rootPackage, List<String> rootedExceptions,
            List<String> privateCarriers) {
        this.classes = IMPORTED.computeIfAbsent(Objects.requireNonNull(rootPackage, "rootPackage"),
                PublicApiRules::mainClasses);
        this.rootedExceptions = List.copyOf(rootedExceptions);
        this.privateCarriers = List.copyOf(privateCarriers);
    }

    @Test
    public void noInternalTypeAppearsInAPublicSignature() {
        assertThat(PublicApiRules.internalTypesInPublicSignatures(classes)).isEmpty();
    }

    @Test
    public void everyExceptionOfTheLibraryDescendsFromRolloutException() {
        PublicApiRules.Exceptions exceptions = PublicApiRules.exceptions(classes);
        assertThat(exceptions.rooted()).containsExactlyElementsOf(rootedExceptions);
        assertThat(exceptions.other()).containsExactlyElementsOf(privateCarriers);
        assertThat(exceptions.otherPublic()).isEmpty();
    }

    /** Packages form a directed acyclic graph: a cycle is reported with the dependencies closing it. */
    @Test
    public void noPackageCycle() {
        assertThat(PublicApiRules.packageCycles(classes)).isEmpty();
    }
}
