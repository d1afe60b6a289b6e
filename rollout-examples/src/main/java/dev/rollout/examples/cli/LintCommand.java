package dev.rollout.examples.cli;

import dev.rollout.core.spec.LoadedObject;
import dev.rollout.core.spec.LoadedSpecs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.util.TreeMap;

/**
 * {@code rollout lint FILE...}: loads every file with every check the engine applies and prints
 * every problem found, each with file, line and field. Exit 0 when all is valid, 64 otherwise.
 */
@Command(name = "lint", description = {"validate Rollout and AnalysisTemplate files",
        "exit 0, or 64 with every problem found, each with file, line and field"})
final class LintCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Option(names = "--namespace", paramLabel = "NS",
            description = "place a Rollout without metadata.namespace in NS")
    String namespace;

    @Option(names = "--quiet", description = "print nothing when all is valid")
    boolean quiet;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "the files to check")
    List<Path> files;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    LintCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() {
        // Problems are thrown as InvalidSpecException and printed by RolloutCommand (exit 64).
        LoadedSpecs specs = SpecFiles.load(files, SpecFiles.realProviders(env), namespace);
        specs.warnings().forEach(w -> err.println("warning: " + w));
        // Lint cannot read secrets: it names each one the analyses will read (simulate resolves them).
        specs.secretsNeeded().forEach(s -> err.println("secret: " + s));
        if (!quiet) {
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
