package dev.rollout.examples.cli;

import dev.rollout.core.conductor.DeployHandle;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rollout rollback --config FILE --env ENV --to REV --reason TEXT}: a recorded, deliberate
 * exception to no-regression: every cluster of the environment goes back to {@code REV} at once.
 */
@Command(name = "rollback", description = "a deliberate, recorded rollback of every cluster of an environment")
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    DeployOptions session;

    @Option(names = "--to", paramLabel = "REV", required = true, description = "the revision to go back to")
    String to;

    @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "why, for the history")
    String reason;

    @Option(names = "--json", description = "one JSON object on standard output")
    boolean json;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    RollbackCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() {
        String environment = DeployCommand.required(this.session.environment, "env", "rollback");
        DeployCommand.required(to, "to", "rollback");
        DeployCommand.required(reason, "reason", "rollback");
        try (DeploySession session = new DeploySession(this.session, env, out, json)) {
            DeployHandle handle = session.conductor.rollback(environment, to, reason);
            boolean settled = session.drive(handle);
            return new DeployCommand(out, err, env).report(session, handle.status(), settled, json);
        }
    }
}
