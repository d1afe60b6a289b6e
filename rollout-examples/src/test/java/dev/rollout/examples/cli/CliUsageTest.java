package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser's contract: help on every command (stdout, exit 0), the build's version, and usage
 * errors as one line on standard error naming the flag, exit 64, never a stack trace.
 */
class CliUsageTest {
    /** Every command of the CLI; help prints a usage for each. */
    static final List<String> COMMANDS = List.of("demo", "lint", "simulate", "deploy", "versions",
            "approve", "rollback", "status", "run", "version", "completion", "help");

    @TempDir
    Path dir;

    private CliRunner.Result run(String... args) {
        return new CliRunner(dir).run(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h", "help"})
    void topLevelHelpListsEveryCommandOnStdoutWithExitZero(String flag) {
        CliRunner.Result result = run(flag);

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("Usage: rollout").contains("exit codes:");
        for (String command : COMMANDS) {
            assertThat(result.out()).as(command).containsPattern("(?m)^  " + command + "\\b");
        }
    }

    @Test
    void everyCommandHasHelpOnStdoutWithExitZero() {
        for (String command : COMMANDS) {
            for (String flag : List.of("--help", "-h")) {
                CliRunner.Result result = run(command, flag);
                assertThat(result.exitCode()).as(command + " " + flag + ": " + result.err()).isZero();
                assertThat(result.err()).as(command).isEmpty();
                assertThat(result.out()).as(command).contains("Usage: rollout " + command + " ");
            }
        }
        // Help wins over everything else on the line, even a missing required option.
        assertThat(run("simulate", "--json", "--help").exitCode()).isZero();
        assertThat(run("help", "simulate").out()).startsWith("Usage: rollout simulate")
                .contains("--rollout=FILE").contains("--max-virtual-time=DURATION");
    }

    @Test
    void eachCommandsHelpNamesItsFlags() {
        assertThat(run("simulate", "--help").out()).contains("--analysis=FILE", "--metrics=FILE",
                "--json", "--secrets-dir=DIR", "--namespace=NS", "--measurements", "--report=FILE",
                "--watch", "--no-color");
        assertThat(run("deploy", "--help").out()).contains("--config=FILE", "--env=ENV",
                "--revision=REV", "--state-dir=DIR", "--first-deploy", "--dry-run", "--json");
        assertThat(run("run", "--help").out()).contains("--kubeconfig=FILE", "--context=C",
                "--image=IMAGE", "--container=NAME", "--timeout=DURATION");
        assertThat(run("rollback", "--help").out()).contains("--to=REV", "--reason=TEXT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"version", "--version"})
    void versionIsTheBuildsVersion(String word) {
        String expected = System.getProperty("rollout.expectedVersion");
        assertThat(expected).as("set by the POM for surefire").isNotBlank();

        CliRunner.Result result = run(word);

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("rollout " + expected + System.lineSeparator());
    }

    @Test
    void noCommandPrintsTheUsageOnStderrWithExit64() {
        CliRunner.Result result = run();
        assertThat(result.exitCode()).isEqualTo(64);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("Usage: rollout").contains("simulate");
    }

    @Test
    void usageErrorsAreOneLineNamingTheFlagWithExit64() {
        String rollout = new CliRunner(dir).file("r.yaml", Specs.CANARY);
        assertUsage(run("launch"), "unknown command 'launch'");
        assertUsage(run("simulate", "--rollout", rollout, "--colour"), "unknown option --colour");
        assertUsage(run("simulate", "--rollout", rollout, "--colour=red"), "unknown option --colour");
        assertUsage(run("simulate", "--rollout"), "--rollout needs a value");
        assertUsage(run("simulate", "--rollout", "--json"), "--rollout needs a value");
        assertUsage(run("simulate", "--rollout", rollout, "--rollout", rollout),
                "--rollout may be given only once");
        assertUsage(run("simulate", "--json"), "simulate needs --rollout FILE");
        assertUsage(run("simulate", "--rollout="), "simulate needs --rollout FILE");
        assertUsage(run("simulate", "--rollout", rollout, "--max-virtual-time", "soon"),
                "--max-virtual-time");
        assertUsage(run("simulate", "--rollout", rollout, "--max-virtual-time", "0s"),
                "--max-virtual-time must be positive");
        assertUsage(run("simulate", "--rollout", rollout, "--json=yes"), "--json");
        assertUsage(run("simulate", "--rollout", rollout, "extra"), "unexpected argument 'extra'");
        assertUsage(run("demo", "now"), "unexpected argument 'now' (demo takes no arguments)");
        assertUsage(run("lint"), "lint needs at least one FILE");
        assertUsage(run("deploy", "--config", "service.yaml"), "deploy needs --env ENV, --revision REV");
        assertUsage(run("status"), "status needs --state-dir DIR");
        assertUsage(run("run", "--kubeconfig", "k", "--rollout", rollout, "--revision", "2",
                "--timeout", "-5m"), "--timeout");
        assertUsage(run("completion", "fish"), "SHELL");
        assertUsage(run("completion"), "completion needs SHELL");
    }

    @Test
    void globalFlagsMayStandAnywhere() {
        String rollout = new CliRunner(dir).file("r.yaml", Specs.CANARY);
        assertThat(run("--debug", "lint", rollout).exitCode()).isZero();
        assertThat(run("lint", rollout, "--verbose").exitCode()).isZero();
        // An @ is a file name, not a file of arguments.
        CliRunner.Result at = run("lint", "@" + rollout);
        assertThat(at.exitCode()).isEqualTo(64);
        assertThat(at.err()).contains("@" + rollout);
    }

    private static void assertUsage(CliRunner.Result result, String message) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(64);
        assertThat(result.err()).contains(message).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(result.err().lines()).as(result.err()).hasSize(1);
        assertThat(result.out()).isEmpty();
    }
}
