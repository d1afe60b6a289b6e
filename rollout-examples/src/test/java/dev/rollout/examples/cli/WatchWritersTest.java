package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The terminal writer's redraw escapes and rate limit, on a fake terminal; the plain writer's lines. */
class WatchWritersTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String E = TerminalWatchWriter.ESC;
    private static final WatchRow A = new WatchRow("a", "1/2", 50, 1, 1, "-", "Progressing");
    private static final WatchRow B = new WatchRow("b", "-", 0, 0, 2, "-", "Pending");

    private static List<String> table(String title, List<WatchRow> rows) {
        return WatchTable.render(title, rows, false);
    }

    private static String drawn(List<String> lines) {
        StringBuilder s = new StringBuilder();
        lines.forEach(l -> s.append(E).append("2K").append(l).append('\n'));
        return s.toString();
    }

    @Test
    void theFirstFrameIsWrittenAsIsAndTheNextGoesBackUpOverIt() {
        StringWriter terminal = new StringWriter();
        TerminalWatchWriter writer = new TerminalWatchWriter(terminal, false, 4, T0);

        writer.frame(T0, "t", List.of(A, B));
        String first = drawn(table("t   0.0s", List.of(A, B)));
        assertThat(terminal.toString()).isEqualTo(first);

        WatchRow b2 = new WatchRow("b", "1/2", 50, 1, 1, "-", "Progressing");
        writer.frame(T0.plusSeconds(1), "t", List.of(A, b2));
        // Four lines were drawn (title, header, two rows): up four, then every line cleared.
        assertThat(terminal.toString()).isEqualTo(first + "\r" + E + "4A"
                + drawn(table("t   1.0s", List.of(A, b2))));
    }

    @Test
    void aShorterFrameErasesWhatIsLeftBelowIt() {
        StringWriter terminal = new StringWriter();
        TerminalWatchWriter writer = new TerminalWatchWriter(terminal, false, 4, T0);
        writer.frame(T0, "t", List.of(A, B));
        int before = terminal.toString().length();

        writer.frame(T0.plusSeconds(1), "t", List.of(A));

        assertThat(terminal.toString().substring(before)).isEqualTo("\r" + E + "4A"
                + drawn(table("t   1.0s", List.of(A))) + E + "J");
    }

    @Test
    void framesFasterThanTheRateAreHeldBackAndTheNewestIsDrawnByFinish() {
        StringWriter terminal = new StringWriter();
        TerminalWatchWriter writer = new TerminalWatchWriter(terminal, false, 4, T0);
        writer.frame(T0, "t", List.of(A));
        int afterFirst = terminal.toString().length();

        // 4 frames per second: anything within 250 ms of the last drawn frame waits.
        writer.frame(T0.plusMillis(100), "t", List.of(B));
        writer.frame(T0.plusMillis(200), "t", List.of(A, B));
        assertThat(terminal.toString()).hasSize(afterFirst);

        writer.finish();
        assertThat(terminal.toString().substring(afterFirst)).isEqualTo("\r" + E + "3A"
                + drawn(table("t   0.2s", List.of(A, B))));
        writer.finish();
        assertThat(terminal.toString().substring(afterFirst)).hasSize(
                ("\r" + E + "3A" + drawn(table("t   0.2s", List.of(A, B)))).length());
    }

    @Test
    void aFramePastTheIntervalIsDrawnAtOnce() {
        StringWriter terminal = new StringWriter();
        TerminalWatchWriter writer = new TerminalWatchWriter(terminal, false, 4, T0);
        writer.frame(T0, "t", List.of(A));
        writer.frame(T0.plusMillis(250), "t", List.of(B));

        assertThat(terminal.toString()).endsWith(drawn(table("t   0.3s", List.of(B))))
                .contains("\r" + E + "3A");
    }

    @Test
    void anyStreamButTheProcesssStandardOutputGetsPlainLines() {
        java.io.PrintStream captured = new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true,
                java.nio.charset.StandardCharsets.UTF_8);

        assertThat(WatchWriter.choose(captured, java.util.Map.of("TERM", "xterm-256color"), false, T0))
                .isInstanceOf(PlainWatchWriter.class);
    }

    @Test
    void colorsAreDrawnOnlyWhenAsked() {
        StringWriter colored = new StringWriter();
        StringWriter plain = new StringWriter();
        WatchRow healthy = new WatchRow("a", "2/2", 100, 2, 0, "-", "Healthy");
        new TerminalWatchWriter(colored, true, 4, T0).frame(T0, "t", List.of(healthy));
        new TerminalWatchWriter(plain, false, 4, T0).frame(T0, "t", List.of(healthy));

        assertThat(colored.toString()).contains(WatchTable.GREEN + "Healthy" + WatchTable.RESET);
        assertThat(plain.toString()).doesNotContain(WatchTable.GREEN);
    }

    @Test
    void plainLinesAreStampedPrintedOnlyOnChangeAndHaveNoEscapes() {
        StringWriter log = new StringWriter();
        PlainWatchWriter writer = new PlainWatchWriter(log, T0);

        writer.frame(T0, "deploy x", List.of(A, B));
        writer.frame(T0.plusSeconds(1), "deploy x", List.of(A, B));
        WatchRow b2 = new WatchRow("b", "1/2", 50, 1, 1, "m=1 Successful", "Progressing");
        writer.frame(T0.plusSeconds(65), "deploy x  Finished", List.of(A, b2));
        writer.finish();

        assertThat(log.toString()).isEqualTo(
                "[    0.0s] deploy x\n"
                + "[    0.0s] " + WatchTable.plain(A) + "\n"
                + "[    0.0s] " + WatchTable.plain(B) + "\n"
                + "[    1m05s] deploy x  Finished\n"
                + "[    1m05s] " + WatchTable.plain(b2) + "\n")
                .doesNotContain("\u001b");
    }
}
