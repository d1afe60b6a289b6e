package dev.rollout.examples.cli;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.RolloutException;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code rollout} command: {@code demo}, {@code lint}, {@code simulate}, {@code deploy},
 * {@code versions}, {@code approve}, {@code rollback}, {@code status} and {@code run}. Its words, flags,
 * exit codes and {@code --json} fields are a public contract; extend them, never rename or drop.
 */
public final class RolloutCommand {
    static final String USAGE = """
            usage: rollout <command> [options]

            commands:
              demo                      run a canary on the embedded cluster: a bad revision that
                                        analysis rolls back, then a good one that is promoted
              lint [--namespace NS] FILE...
                                        validate Rollout and AnalysisTemplate files; a Rollout
                                        without metadata.namespace is placed in NS if given
              simulate --rollout FILE [--analysis FILE]... [--metrics FILE] [--json]
                       [--secrets-dir DIR] [--namespace NS] [--max-virtual-time 7d]
                       [--measurements] [--report FILE] [--watch [--no-color]]
                                        run a rollout on the embedded cluster in virtual time
              deploy --config FILE --env ENV --revision REV [--state-dir DIR] [--metrics FILE]
                     [--first-deploy] [--dry-run] [--json] [--secrets-dir DIR] [--report FILE]
                     [--watch [--no-color]]
                                        ship a revision to every cluster of an environment, in
                                        waves (embedded clusters in virtual time by default)
              versions --config FILE --state-dir DIR [--env ENV] [--json]
                                        which revision runs where, and the history
              approve --config FILE --env ENV --state-dir DIR [--metrics FILE] [--json]
                                        pass the gate the environment's deploy waits at
              rollback --config FILE --env ENV --to REV --reason TEXT [--state-dir DIR] [--json]
                                        a deliberate, recorded rollback of every cluster
              status --state-dir DIR [--json]
                                        what runs where, read (never written) from a state
                                        directory; --json: an array of objects with service,
                                        environment, cluster, rollout, phase, aborted, step,
                                        stepCount, canaryWeight, stableRevision, canaryRevision,
                                        updatedAt, message, source (rollout | versions)
              run --kubeconfig FILE [--context C] --rollout FILE --revision REV [--image IMAGE]
                  [--container NAME] [--analysis FILE]... [--namespace NS] [--secrets-dir DIR]
                  [--state-dir DIR] [--timeout 1h] [--json] [--watch [--no-color]]
                                        run a rollout on a real cluster in real time (the image
                                        is REV unless --image is given)
              version                   print the version
              help                      print this help

            global options: --verbose (library logs at info), --debug (stack traces)
            --watch: a live table per cluster, redrawn in place on a terminal, plain lines when
                     standard output is not one (or TERM=dumb); with --json it goes to standard
                     error as plain lines and standard output stays the JSON; NO_COLOR or
                     --no-color drop the colors
            exit codes: 0 Healthy / valid / Deployed, 1 Degraded (aborted) / deploy Failed or
                        RolledBack, 2 Paused / WaitingForApproval, 3 did not settle within
                        --max-virtual-time (run: --timeout), 4 deploy Refused (older than
                        deployed), 64 invalid input (run: also a kubeconfig, context or API
                        server that cannot be used)
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final java.util.Map<String, String> env;

    RolloutCommand(PrintStream out, PrintStream err) {
        this(out, err, System.getenv());
    }

    /** A command reading provider settings ({@code DD_API_KEY}, ...) from {@code env}. */
    RolloutCommand(PrintStream out, PrintStream err, java.util.Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = java.util.Map.copyOf(env);
    }

    /** Entry point of {@code java -jar rollout.jar}. */
    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--verbose")) {
            // Must be set before the first logger is created.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        System.exit(new RolloutCommand(System.out, System.err).run(args));
    }

    /** Runs one command and returns its exit code; never throws. */
    int run(String[] args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        String[] rest = Arrays.stream(args).filter(a -> !a.equals("--debug") && !a.equals("--verbose"))
                .toArray(String[]::new);
        if (rest.length == 0) {
            err.print(USAGE);
            return ExitCodes.INVALID_INPUT;
        }
        String[] tail = Arrays.copyOfRange(rest, 1, rest.length);
        try {
            return switch (rest[0]) {
                case "demo" -> new DemoCommand(out, err).run(tail);
                case "lint" -> new LintCommand(out, err, env).run(tail);
                case "simulate" -> new SimulateCommand(out, err, env).run(tail);
                case "deploy" -> runtimeFailureIsOne(() -> new DeployCommand(out, err, env).run(tail));
                case "versions" -> runtimeFailureIsOne(() -> new VersionsCommand(out).run(tail));
                case "approve" -> runtimeFailureIsOne(() -> new ApproveCommand(out, err, env).run(tail));
                case "rollback" -> runtimeFailureIsOne(() -> new RollbackCommand(out, err, env).run(tail));
                case "status" -> new StatusCommand(out, err).run(tail);
                // The only branch naming a class that loads the Kubernetes client.
                case "run" -> new RunCommand(out, err, env).run(tail);
                case "version", "--version" -> {
                    out.println("rollout " + version());
                    yield ExitCodes.HEALTHY;
                }
                case "help", "--help", "-h" -> {
                    out.print(USAGE);
                    yield ExitCodes.HEALTHY;
                }
                default -> throw new CliArgs.UsageException("unknown command '" + rest[0] + "'");
            };
        } catch (CliArgs.UsageException e) {
            err.println("rollout: " + e.getMessage());
            err.print(USAGE);
            return ExitCodes.INVALID_INPUT;
        } catch (BadInputException e) {
            err.println("rollout: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        } catch (dev.rollout.core.conductor.DeployRefusedException e) {
            err.println("rollout: refused: " + e.getMessage());
            return ExitCodes.REFUSED;
        } catch (InvalidSpecException e) {
            e.problems().forEach(p -> err.println("error: " + p));
            return ExitCodes.INVALID_INPUT;
        } catch (RolloutException e) {
            err.println("rollout: " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return ExitCodes.INTERNAL_ERROR;
        } catch (RuntimeException e) {
            err.println("rollout: internal error: " + e
                    + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return ExitCodes.INTERNAL_ERROR;
        }
    }

    /**
     * The conductor's commands exit 1 on a runtime failure (a source or cluster that can't be
     * reached, a deploy in flight elsewhere), as their contract says; bad input stays 64.
     */
    private int runtimeFailureIsOne(java.util.function.IntSupplier command) {
        try {
            return command.getAsInt();
        } catch (InvalidSpecException | dev.rollout.core.conductor.DeployRefusedException e) {
            throw e;
        } catch (RolloutException e) {
            err.println("rollout: " + e.getMessage());
            return ExitCodes.DEGRADED;
        }
    }

    static String version() {
        String v = RolloutCommand.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
