package dev.rollout.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live view where nothing can be redrawn (a pipe, a file, a CI log, {@code TERM=dumb}): the
 * title whenever it changes, and a line each time a cluster's row changes, each stamped with the
 * time since the start. No escape sequences.
 */
final class PlainWatchWriter implements WatchWriter {
    private final Writer out;
    private final Instant start;
    private final Map<String, WatchRow> printed = new HashMap<>();
    private String title;

    PlainWatchWriter(Writer out, Instant start) {
        this.out = out;
        this.start = start;
    }

    @Override
    public void frame(Instant at, String newTitle, List<WatchRow> rows) {
        StringBuilder text = new StringBuilder();
        String stamp = "[" + Timeline.stamp(Duration.between(start, at)) + "] ";
        if (!newTitle.equals(title)) {
            title = newTitle;
            text.append(stamp).append(newTitle).append('\n');
        }
        for (WatchRow row : rows) {
            if (!row.equals(printed.put(row.cluster(), row))) {
                text.append(stamp).append(WatchTable.plain(row)).append('\n');
            }
        }
        if (text.isEmpty()) {
            return;
        }
        try {
            out.write(text.toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void finish() {
        // Every change was printed when it happened.
    }
}
