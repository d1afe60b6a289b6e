package dev.rollout.examples.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command line of {@code rollout run}. A class of its own, free of the Kubernetes client, so
 * that building the parser (every command's, for help and completion) never loads it:
 * {@link RunCommand}, which does, is named only in {@link #call()}, after
 * {@link OptionalJars#KUBERNETES} said the client is on the class path.
 */
@Command(name = "run", description = {"run a rollout on a real cluster in real time",
        "The image is REV unless --image is given. Needs lib/ beside rollout.jar."})
final class RunOptions implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Option(names = "--kubeconfig", paramLabel = "FILE", required = true, description = "the kubeconfig")
    String kubeconfig;

    @Option(names = "--context", paramLabel = "C", description = "its context (default: current-context)")
    String context;

    @Option(names = "--rollout", paramLabel = "FILE", required = true,
            description = "the Rollout, for the Deployment of the same name")
    String rolloutFile;

    @Option(names = "--revision", paramLabel = "REV", required = true, description = "the new revision")
    String revision;

    @Option(names = "--image", paramLabel = "IMAGE", description = "the new image (default: REV)")
    String image;

    @Option(names = "--container", paramLabel = "NAME", description = "the container to set the image of")
    String container;

    @Option(names = "--analysis", paramLabel = "FILE", description = "more template files (repeatable)")
    List<String> analysis = new ArrayList<>();

    @Option(names = "--namespace", paramLabel = "NS",
            description = "for a Rollout without one (default: the context's, else default)")
    String namespace;

    @Option(names = "--secrets-dir", paramLabel = "DIR",
            description = "secrets as DIR/NAMESPACE/NAME/KEY files (else ROLLOUT_SECRET_* variables)")
    String secretsDir;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "keep the rollout's state here")
    String stateDir;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "give up waiting after this long (default: 1h; exit 3)")
    String timeout;

    @Option(names = "--json", description = "one JSON object on standard output")
    boolean json;

    @Mixin
    WatchOptions watchOptions;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    RunOptions(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() {
        OptionalJars.KUBERNETES.require("run");
        return new RunCommand(out, err, env).run(this);
    }
}
