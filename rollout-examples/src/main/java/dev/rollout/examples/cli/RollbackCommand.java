package dev.rollout.examples.cli;

import dev.rollout.core.conductor.DeployHandle;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code rollout rollback --config FILE --env ENV --to REV --reason TEXT}: a recorded, deliberate
 * exception to no-regression: every cluster of the environment goes back to {@code REV} at once.
 */
final class RollbackCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    RollbackCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(String[] args) {
        Set<String> valued = new HashSet<>(DeploySession.VALUED);
        valued.add("to");
        valued.add("reason");
        CliArgs parsed = CliArgs.parse(args, valued, Set.of(), Set.of("json"));
        DeployCommand.requireNoPositional(parsed, "rollback");
        String environment = DeployCommand.required(parsed, "env", "rollback");
        String to = DeployCommand.required(parsed, "to", "rollback");
        String reason = DeployCommand.required(parsed, "reason", "rollback");
        boolean json = parsed.flag("json");
        try (DeploySession session = new DeploySession(parsed, env, out, json)) {
            DeployHandle handle = session.conductor.rollback(environment, to, reason);
            boolean settled = session.drive(handle);
            return new DeployCommand(out, err, env).report(session, handle.status(), settled, json);
        }
    }
}
