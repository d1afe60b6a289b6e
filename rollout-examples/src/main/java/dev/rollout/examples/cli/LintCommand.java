package dev.rollout.examples.cli;

import dev.rollout.core.spec.LoadedObject;
import dev.rollout.core.spec.LoadedSpecs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code rollout lint FILE...}: loads every file with every check the engine applies and prints
 * every problem found, each with file, line and field. Exit 0 when all is valid, 64 otherwise.
 */
final class LintCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    LintCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(String[] args) {
        CliArgs parsed = CliArgs.parse(args, Set.of("namespace"), Set.of(), Set.of("quiet"));
        if (parsed.positional().isEmpty()) {
            throw new CliArgs.UsageException("lint needs at least one FILE");
        }
        List<Path> files = parsed.positional().stream().map(Path::of).toList();
        // Problems are thrown as InvalidSpecException and printed by RolloutCommand (exit 64).
        LoadedSpecs specs = SpecFiles.load(files, SpecFiles.realProviders(env),
                parsed.value("namespace"));
        specs.warnings().forEach(w -> err.println("warning: " + w));
        // Lint cannot read secrets: it names each one the analyses will read (simulate resolves them).
        specs.secretsNeeded().forEach(s -> err.println("secret: " + s));
        if (!parsed.flag("quiet")) {
            Map<String, Integer> kinds = new TreeMap<>();
            for (LoadedObject<?> object : specs.all()) {
                kinds.merge(object.kind(), 1, Integer::sum);
            }
            StringBuilder summary = new StringBuilder();
            kinds.forEach((kind, count) -> summary.append(summary.length() == 0 ? "" : ", ")
                    .append(count).append(' ').append(kind));
            long fileCount = specs.all().stream().map(LoadedObject::file).distinct().count();
            out.println("ok: " + fileCount + (fileCount == 1 ? " file, " : " files, ")
                    + (summary.length() == 0 ? "no objects" : summary));
        }
        return ExitCodes.HEALTHY;
    }
}
