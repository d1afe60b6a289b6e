package dev.rollout.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Redraws the table in place, as {@code kubectl argo rollouts get rollout --watch} does: the cursor
 * goes back up over the previous frame ({@code ESC[nA}), every line is cleared before it is
 * written ({@code ESC[2K}), and what a shorter frame leaves below is erased ({@code ESC[J}).
 * The title line ends with the time since the start. Frames closer together than the rate allows are held back; the newest is drawn by the next
 * frame past the interval or by {@link #finish()}.
 */
final class TerminalWatchWriter implements WatchWriter {
    static final String ESC = "\u001b[";

    private final Writer out;
    private final boolean color;
    private final Duration interval;
    private final Instant start;
    private Instant lastDrawn;
    private List<String> drawn = List.of();
    private List<String> held;

    TerminalWatchWriter(Writer out, boolean color, int framesPerSecond, Instant start) {
        if (framesPerSecond <= 0) {
            throw new IllegalArgumentException("framesPerSecond must be positive, was " + framesPerSecond);
        }
        this.out = out;
        this.color = color;
        this.interval = Duration.ofMillis(1000 / framesPerSecond);
        this.start = start;
    }

    @Override
    public void frame(Instant at, String title, List<WatchRow> rows) {
        List<String> lines = WatchTable.render(title + "   "
                + Timeline.stamp(Duration.between(start, at)).trim(), rows, color);
        if (lastDrawn != null && Duration.between(lastDrawn, at).compareTo(interval) < 0) {
            held = lines;
            return;
        }
        lastDrawn = at;
        draw(lines);
    }

    @Override
    public void finish() {
        if (held != null) {
            draw(held);
        }
    }

    private void draw(List<String> lines) {
        held = null;
        if (lines.equals(drawn)) {
            return;
        }
        StringBuilder text = new StringBuilder();
        if (!drawn.isEmpty()) {
            text.append('\r').append(ESC).append(drawn.size()).append('A');
        }
        for (String line : lines) {
            text.append(ESC).append("2K").append(line).append('\n');
        }
        if (lines.size() < drawn.size()) {
            text.append(ESC).append('J');
        }
        drawn = List.copyOf(lines);
        try {
            out.write(text.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
