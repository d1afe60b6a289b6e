package dev.rollout.examples.cli;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.RolloutException;
import dev.rollout.core.conductor.DeployRefusedException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code rollout} command: {@code demo}, {@code lint}, {@code simulate}, {@code deploy},
 * {@code versions}, {@code approve}, {@code rollback}, {@code status}, {@code run},
 * {@code version}, {@code completion} and {@code help}, parsed by picocli. Its words, flags, exit
 * codes and {@code --json} fields are a public contract; extend them, never rename or drop.
 */
@Command(name = "rollout", synopsisSubcommandLabel = "<command>",
        description = "Progressive delivery: canary and blue/green rollouts with metric analysis,"
                + " on the embedded cluster in virtual time or on real clusters.",
        versionProvider = VersionCommand.Provider.class,
        subcommands = {DemoCommand.class, LintCommand.class, SimulateCommand.class,
                DeployCommand.class, VersionsCommand.class, ApproveCommand.class,
                RollbackCommand.class, StatusCommand.class, RunOptions.class, VersionCommand.class,
                CompletionCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "global options: --verbose (library logs at info), --debug (stack traces)",
                "exit codes: 0 Healthy / valid / Deployed,",
                "            1 Degraded (aborted) / deploy Failed or RolledBack,",
                "            2 Paused / WaitingForApproval,",
                "            3 did not settle within --max-virtual-time (run: --timeout),",
                "            4 deploy Refused (older than deployed),",
                "            64 invalid input (run: also a kubeconfig, context or API server that",
                "               cannot be used; a part missing from lib/)",
                "a command's options: rollout <command> --help"})
public final class RolloutCommand implements Callable<Integer> {
    /** Taken out of the arguments wherever they stand, before parsing. */
    private static final Set<String> GLOBAL_FLAGS = Set.of("--debug", "--verbose");
    /** Their RolloutException is a runtime failure, exit 1, as their contract says. */
    private static final Set<String> CONDUCTOR_COMMANDS = Set.of("deploy", "versions", "approve",
            "rollback");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "print the version")
    boolean version;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private boolean debug;

    RolloutCommand(PrintStream out, PrintStream err) {
        this(out, err, System.getenv());
    }

    /** A command reading provider settings ({@code DD_API_KEY}, ...) from {@code env}. */
    RolloutCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
    }

    /** Entry point of {@code java -jar rollout.jar}. */
    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--verbose")) {
            // Must be set before the first logger is created.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        System.exit(new RolloutCommand(System.out, System.err).run(args));
    }

    /** Runs one command and returns its exit code; never throws. */
    int run(String[] args) {
        debug = Arrays.asList(args).contains("--debug");
        String[] rest = Arrays.stream(args).filter(a -> !GLOBAL_FLAGS.contains(a))
                .toArray(String[]::new);
        try {
            return commandLine().execute(rest);
        } catch (NoClassDefFoundError e) {
            // A part of lib/ that no command checked for: still one line and exit 64.
            err.println("rollout: a class is missing from the class path: " + e.getMessage()
                    + "; keep the build's lib/ directory beside rollout.jar");
            return ExitCodes.INVALID_INPUT;
        }
    }

    /** The parser, with every command, writing to this command's streams. */
    CommandLine commandLine() {
        CommandLine cl = new CommandLine(this, new Factory());
        cl.setOut(new PrintWriter(out, true, Charset.defaultCharset()));
        cl.setErr(new PrintWriter(err, true, Charset.defaultCharset()));
        // "@file" stays a file name (lint @x.yaml), not a file of arguments.
        cl.setExpandAtFiles(false);
        // "--rollout --json" is a missing value, never a rollout file named "--json".
        cl.setUnmatchedOptionsAllowedAsOptionParameters(false);
        cl.setParameterExceptionHandler((e, ignored) -> usageError(e.getCommandLine(), Usage.message(e)));
        cl.setExecutionExceptionHandler((e, command, parsed) -> failure(e, command));
        return cl;
    }

    /** {@code rollout} alone: the usage, on standard error, and exit 64. */
    @Override
    public Integer call() {
        err.print(spec.commandLine().getUsageMessage());
        return ExitCodes.INVALID_INPUT;
    }

    private int usageError(CommandLine command, String message) {
        err.println("rollout: " + message + " (see '" + command.getCommandSpec().qualifiedName()
                + " --help')");
        return ExitCodes.INVALID_INPUT;
    }

    /** The exit code for what a command threw, with one line (or one per spec problem) said. */
    private int failure(Exception thrown, CommandLine command) {
        try {
            throw thrown;
        } catch (UsageException e) {
            return usageError(command, e.getMessage());
        } catch (BadInputException e) {
            err.println("rollout: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        } catch (DeployRefusedException e) {
            err.println("rollout: refused: " + e.getMessage());
            return ExitCodes.REFUSED;
        } catch (InvalidSpecException e) {
            e.problems().forEach(p -> err.println("error: " + p));
            return ExitCodes.INVALID_INPUT;
        } catch (RolloutException e) {
            err.println("rollout: " + e.getMessage());
            if (CONDUCTOR_COMMANDS.contains(command.getCommandName())) {
                return ExitCodes.DEGRADED;
            }
            if (debug) {
                e.printStackTrace(err);
            }
            return ExitCodes.INTERNAL_ERROR;
        } catch (Exception e) {
            err.println("rollout: internal error: " + e
                    + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return ExitCodes.INTERNAL_ERROR;
        }
    }

    static String version() {
        return VersionCommand.version();
    }

    /** Builds each command with this command's streams and environment. */
    private final class Factory implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            Object made = type == DemoCommand.class ? new DemoCommand(out, err)
                    : type == LintCommand.class ? new LintCommand(out, err, env)
                    : type == SimulateCommand.class ? new SimulateCommand(out, err, env)
                    : type == DeployCommand.class ? new DeployCommand(out, err, env)
                    : type == VersionsCommand.class ? new VersionsCommand(out)
                    : type == ApproveCommand.class ? new ApproveCommand(out, err, env)
                    : type == RollbackCommand.class ? new RollbackCommand(out, err, env)
                    : type == StatusCommand.class ? new StatusCommand(out, err)
                    : type == RunOptions.class ? new RunOptions(out, err, env)
                    : type == VersionCommand.class ? new VersionCommand(out)
                    : null;
            return made != null ? type.cast(made) : CommandLine.defaultFactory().create(type);
        }
    }

    /** picocli's parse errors in the words the CLI has always used, each naming the flag. */
    static final class Usage {
        private Usage() {
        }

        static String message(ParameterException e) {
            CommandLine command = e.getCommandLine();
            String name = command.getCommandName();
            if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
                String arg = u.getUnmatched().get(0);
                if (arg.startsWith("-")) {
                    int eq = arg.indexOf('=');
                    return "unknown option " + (eq > 0 ? arg.substring(0, eq) : arg);
                }
                if (command.getParent() == null) {
                    return "unknown command '" + arg + "'";
                }
                return "unexpected argument '" + arg + "' (" + name + " takes "
                        + (command.getCommandSpec().options().size() > 1 ? "options only" : "no arguments")
                        + ")";
            }
            if (e instanceof CommandLine.OverwrittenOptionException o) {
                return label(o.getOverwritten()) + " may be given only once";
            }
            if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) {
                List<CommandLine.Model.ArgSpec> missing = m.getMissing();
                // picocli's own wording is the only sign of which case this is: an option given
                // without its value ("--rollout" last, "--rollout --json") or one not given at all.
                if (missing.get(0).isOption()
                        && !String.valueOf(e.getMessage()).startsWith("Missing required option")) {
                    return label(missing.get(0)) + " needs a value";
                }
                if (!missing.get(0).isOption()) {
                    return name + " needs " + (missing.get(0).arity().max() > 1 ? "at least one " : "")
                            + missing.get(0).paramLabel();
                }
                return name + " needs " + String.join(", ", missing.stream().map(a -> label(a) + " "
                        + a.paramLabel()).toList());
            }
            String message = String.valueOf(e.getMessage());
            int newline = message.indexOf('\n');
            return newline < 0 ? message : message.substring(0, newline);
        }

        private static String label(CommandLine.Model.ArgSpec arg) {
            return arg instanceof CommandLine.Model.OptionSpec option ? option.longestName()
                    : arg.paramLabel();
        }
    }
}
