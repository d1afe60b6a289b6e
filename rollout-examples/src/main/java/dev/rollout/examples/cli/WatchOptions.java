package dev.rollout.examples.cli;

import picocli.CommandLine.Option;

/** The live view's flags, shared by {@code simulate}, {@code deploy} and {@code run}. */
final class WatchOptions {
    @Option(names = "--watch", description = "a live table per cluster, redrawn in place on a"
            + " terminal, plain lines when standard output is not one (or TERM=dumb); with --json"
            + " it goes to standard error")
    boolean watch;

    @Option(names = "--no-color", description = "no colors in the --watch view (also: NO_COLOR)")
    boolean noColor;
}
