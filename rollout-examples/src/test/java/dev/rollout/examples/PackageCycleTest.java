package dev.rollout.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.rollout.api.arch.PublicApiRules;
import org.junit.jupiter.api.Test;

/**
 * The examples and the CLI are an application, not a library, so only the package rule applies:
 * their packages (cli, conductor, k8s, support, ...) form a directed acyclic graph.
 */
class PackageCycleTest {
    private static final JavaClasses CLASSES = PublicApiRules.mainClasses("dev.rollout.examples");

    @Test
    void noPackageCycle() {
        assertThat(PublicApiRules.packageCycles(CLASSES)).isEmpty();
    }
}
