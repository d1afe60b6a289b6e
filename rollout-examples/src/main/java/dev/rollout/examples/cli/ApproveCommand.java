package dev.rollout.examples.cli;

import dev.rollout.api.RolloutException;
import dev.rollout.core.conductor.DeployHandle;
import dev.rollout.core.conductor.DeployState;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rollout approve --config FILE --env ENV --state-dir DIR}: continues the environment's
 * deploy that waits for an approval (a gate, a paused rollout), as recorded in the state
 * directory by an earlier {@code rollout deploy}, and runs it to its end or its next wait.
 */
@Command(name = "approve", description = "pass the gate the environment's deploy waits at")
final class ApproveCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    DeployOptions session;

    @Option(names = "--json", description = "one JSON object on standard output")
    boolean json;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ApproveCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() {
        String environment = DeployCommand.required(this.session.environment, "env", "approve");
        DeployCommand.required(this.session.stateDir, "state-dir", "approve");
        try (DeploySession session = new DeploySession(this.session, env, out, json)) {
            DeployHandle handle = session.conductor.resume(environment).orElseThrow(() ->
                    new RolloutException("no deploy of " + session.config.name() + " to "
                            + environment + " is in flight, so there is nothing to approve"));
            boolean settled = session.drive(handle);
            if (settled && handle.status().state() == DeployState.WaitingForApproval) {
                handle.approve();
                settled = session.drive(handle);
            } else if (settled) {
                err.println("rollout: the deploy did not wait for an approval: "
                        + handle.status().message());
            }
            return new DeployCommand(out, err, env).report(session, handle.status(), settled, json);
        }
    }
}
