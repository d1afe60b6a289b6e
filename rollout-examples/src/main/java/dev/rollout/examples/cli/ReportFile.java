package dev.rollout.examples.cli;

import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.core.report.TimelineRecorder;
import dev.rollout.core.report.TimelineReport;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/**
 * The {@code --report FILE} option of {@code simulate} and {@code deploy}: the path is checked
 * before anything runs (a bad one is a usage error), events are recorded while it runs, and the
 * HTML timeline is written atomically at the end.
 */
final class ReportFile {
    private final Path path;
    private final TimelineRecorder recorder = new TimelineRecorder();

    private ReportFile(Path path) {
        this.path = path;
    }

    /** The report the command line asks for, if any; its directory must exist and be writable. */
    static Optional<ReportFile> of(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isBlank()) {
            throw new UsageException("--report needs a file name");
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException("--report " + value + ": not a valid path");
        }
        if (Files.isDirectory(path)) {
            throw new UsageException("--report " + value + ": is a directory, give a file name");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UsageException("--report " + value + ": directory " + parent
                    + " does not exist");
        }
        if (!Files.isWritable(parent) || Files.exists(path) && !Files.isWritable(path)) {
            throw new UsageException("--report " + value + ": not writable");
        }
        return Optional.of(new ReportFile(path));
    }

    /** Receives the events of the run: register it as a listener. */
    TimelineRecorder recorder() {
        return recorder;
    }

    /** Writes the report; false, after saying why on {@code err}, if it could not be written. */
    boolean write(String title, Collection<AnalysisTemplate> templates, PrintStream err) {
        try {
            TimelineReport.builder().title(title).templates(templates).build()
                    .write(recorder.entries(), path);
            return true;
        } catch (UncheckedIOException e) {
            err.println("rollout: --report " + path + ": cannot write the report ("
                    + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage() + ")");
            return false;
        }
    }

    /** Where the report goes. */
    Path path() {
        return path;
    }
}
