package dev.rollout.core.conductor.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code preDeploy[]}: a hook run once per environment before the first wave, either a command
 * on the conductor's machine or a Kubernetes Job (through rollout-k8s).
 *
 * @param name the hook's name, unique within the environment
 * @param command the command and its arguments (no shell), or empty for a Job hook
 * @param workingDirectory where the command runs (default: the config file's directory)
 * @param env extra environment variables for the command
 * @param job the Job ({@code batch/v1}) as JSON text, for a Job hook
 * @param timeout how long the hook may take before it counts as failed (default 10m)
 */
public record HookConfig(String name, List<String> command, Path workingDirectory,
        Map<String, String> env, Optional<String> job, Duration timeout) {

    /** How long a hook may take when its {@code timeout} is not set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public HookConfig {
        Objects.requireNonNull(name, "name");
        command = command == null ? List.of() : List.copyOf(command);
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        env = env == null ? Map.of() : Map.copyOf(env);
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(timeout, "timeout");
        if (command.isEmpty() == job.isEmpty()) {
            throw new IllegalArgumentException("a hook has either a command or a job");
        }
    }
}
