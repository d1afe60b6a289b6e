package dev.rollout.examples.cli;

import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where the live view goes: a terminal redrawn in place, or plain appended lines for pipes, files
 * and CI logs. Not thread-safe; {@link WatchBoard} calls it under its lock.
 */
sealed interface WatchWriter permits TerminalWatchWriter, PlainWatchWriter {
    /** Redraws at most this many times per second of the events' clock (virtual or real). */
    int FRAMES_PER_SECOND = 4;

    /** Shows the rows as they stand at {@code at} (the newest event's time). */
    void frame(Instant at, String title, List<WatchRow> rows);

    /** Shows the last frame if the rate limit held it back; called once the rollout settled. */
    void finish();

    /**
     * The writer for a command's output: the terminal writer when {@code out} is the process's
     * standard output and that is a terminal whose {@code TERM} is not {@code dumb}; otherwise
     * plain lines. {@code NO_COLOR} (non-empty) or {@code --no-color} turn colors off, not the
     * redraw: only colors are what that convention is about.
     */
    static WatchWriter choose(PrintStream out, Map<String, String> env, boolean noColor,
            Instant start) {
        Writer writer = new java.io.OutputStreamWriter(out, Charset.defaultCharset());
        boolean terminal = out == System.out && stdoutIsTerminal()
                && !"dumb".equals(env.getOrDefault("TERM", ""));
        if (!terminal) {
            return new PlainWatchWriter(writer, start);
        }
        boolean color = !noColor && env.getOrDefault("NO_COLOR", "").isEmpty();
        return new TerminalWatchWriter(writer, color, FRAMES_PER_SECOND, start);
    }

    /**
     * Whether standard input and output are a terminal. From JDK 22 {@code System.console()} is
     * not null when redirected, and {@code Console.isTerminal()} tells; it is read reflectively
     * because this code targets Java 17.
     */
    private static boolean stdoutIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
