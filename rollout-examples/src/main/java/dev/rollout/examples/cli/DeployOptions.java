package dev.rollout.examples.cli;

import picocli.CommandLine.Option;

/** What {@code deploy}, {@code approve} and {@code rollback} take to set up a {@link DeploySession}. */
final class DeployOptions {
    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "the service's config (kind: Service)")
    String config;

    @Option(names = "--env", paramLabel = "ENV", required = true, description = "the environment")
    String environment;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "where versions and rollouts are kept between runs (default: in memory)")
    String stateDir;

    @Option(names = "--metrics", paramLabel = "FILE",
            description = "scripted metric results, per cluster or shared")
    String metrics;

    @Option(names = "--secrets-dir", paramLabel = "DIR",
            description = "secrets as DIR/NAMESPACE/NAME/KEY files (else ROLLOUT_SECRET_* variables)")
    String secretsDir;

    @Option(names = "--max-virtual-time", paramLabel = "DURATION",
            description = "stop an embedded deploy that has not settled after this much virtual"
                    + " time (default: 7d)")
    String maxVirtualTime;
}
