package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The demo's story, told on virtual time: revision 2 is rolled back, revision 3 promoted. */
class DemoCommandTest {
    @Test
    void analysisRollsTheFaultyRevisionBackAndTheHealthyOneIsPromoted() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        int exit = new DemoCommand(out, DemoPace::virtual).call();

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isZero();
        assertThat(text).contains("weight    10%  canary 1  stable 9")
                .contains("measured Failed: value 0.071")
                .contains("ABORT    Rollout aborted update to revision 2")
                .contains("last value 0.093 against result < 0.05")
                .contains("PROMOTED Revision 3 promoted to stable")
                .contains("revision 2: Degraded, rolled back by analysis")
                .contains("revision 3: Healthy");
        assertThat(text.indexOf("== revision 3")).isGreaterThan(text.indexOf("ABORT"));
    }
}
