package dev.rollout.examples.cli;

import picocli.CommandLine.Option;

/** {@code -h}/{@code --help} on every command: its usage on standard output, exit 0. */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this command's help")
    boolean help;
}
