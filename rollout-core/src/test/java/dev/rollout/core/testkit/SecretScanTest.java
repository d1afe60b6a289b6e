package dev.rollout.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SecretScanTest {
    // Printed on purpose: this test proves the in-process scan catches it.
    private static final String SECRET = "scan-token-SECRET-4321"; // secret-scan: planted

    @Test
    void aSecretInALogOrACheckedTextFailsTheClassWithoutPrintingIt() {
        SecretScan scan = SecretScan.of(SECRET);
        scan.beforeAll(null);
        LoggerFactory.getLogger(SecretScanTest.class).warn("calling with {}", SECRET);
        scan.check("status: token " + SECRET);

        Throwable thrown = catchThrowable(() -> scan.afterAll(null));

        assertThat(thrown).isInstanceOf(AssertionError.class)
                .hasMessageContaining("standard output or error", "checked text #1", "secret #1 (scan...)")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void cleanOutputPassesAndIsStillCaptured() {
        SecretScan scan = SecretScan.of(SECRET);
        scan.beforeAll(null);
        LoggerFactory.getLogger(SecretScanTest.class).warn("calling with ****");
        scan.check("status: token ****");

        scan.afterAll(null);

        assertThat(scan.captured()).contains("calling with ****");
        assertThat(scan.findings()).isEmpty();
    }
}
