package dev.rollout.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/**
 * {@code rollout version} (and {@code rollout --version}): the build's version, from the
 * {@code version.properties} the build filters into the jar, so it is never out of step with it.
 */
@Command(name = "version", description = "print the version")
final class VersionCommand implements Callable<Integer> {
    private static final String RESOURCE = "version.properties";

    @Mixin
    HelpOption help;

    private final PrintStream out;

    VersionCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        out.println(line());
        return ExitCodes.HEALTHY;
    }

    /** What both forms print: {@code rollout 0.1.0}. */
    static String line() {
        return "rollout " + version();
    }

    /** The version the build wrote, or {@code unknown} when run from classes the build did not make. */
    static String version() {
        try (InputStream in = VersionCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** {@code --version}'s text. */
    static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {line()};
        }
    }
}
