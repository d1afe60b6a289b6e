package dev.rollout.core.conductor.hooks;

import dev.rollout.api.Secret;
import dev.rollout.api.model.Revision;
import dev.rollout.core.conductor.config.HookConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command hook on this machine: the command and its arguments as given (no shell), in the
 * hook's working directory, with this process's environment plus the hook's {@code env} plus
 * {@code ROLLOUT_SERVICE}, {@code ROLLOUT_ENVIRONMENT}, {@code ROLLOUT_REVISION},
 * {@code ROLLOUT_REQUEST_ID} and {@code ROLLOUT_REVISION_<ATTR>} per revision attribute (upper
 * case, other characters than letters, digits and {@code _} as {@code _}); the {@code ROLLOUT_}
 * variables win over the hook's. Standard input is closed. Exit code 0 succeeds; any other code,
 * a command that cannot start and a timeout fail. On timeout the process and every descendant
 * are killed. Output (stdout and stderr together) goes to a temporary file, so a chatty hook
 * never blocks on a full pipe, and its last {@value #DEFAULT_TAIL} characters become the
 * outcome's tail with secrets masked. Hooks run on the injected executor, never on the engine's
 * scheduler. Thread-safe.
 */
public final class CommandHookRunner implements PreDeployHookRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CommandHookRunner.class);
    /** Characters of output kept as the outcome's tail by default. */
    public static final int DEFAULT_TAIL = 4096;
    /** Env keys whose values are treated as secrets in the output. */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(token|secret|password|passwd|credential|api_?key|private_?key).*");

    /** Waits for a process to end; injectable so a test need not wait a whole real timeout. */
    @FunctionalInterface
    public interface Deadline {
        /** Real time: {@link Process#waitFor(long, TimeUnit)}. */
        Deadline REAL = (process, timeout) -> process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);

        /** Waits at most {@code timeout} for {@code process}; true if it ended in time. */
        boolean await(Process process, Duration timeout) throws InterruptedException;
    }

    private final Executor executor;
    private final Deadline deadline;
    private final List<Secret> secrets;
    private final int tailLimit;

    private CommandHookRunner(Builder b) {
        this.executor = b.executor != null ? b.executor : DefaultPool.INSTANCE;
        this.deadline = b.deadline;
        this.secrets = List.copyOf(b.secrets);
        this.tailLimit = b.tailLimit;
    }

    /** A runner on a shared pool of two daemon threads, with real-time deadlines. */
    public CommandHookRunner() {
        this(new Builder());
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletionStage<HookOutcome> run(HookConfig hook, HookContext context) {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(context, "context");
        if (hook.command().isEmpty()) {
            return CompletableFuture.completedFuture(HookOutcome.failure(hook.name(), "hook "
                    + hook.name() + " is a Job hook; run it with rollout-k8s's JobPreDeployHookRunner", ""));
        }
        CompletableFuture<HookOutcome> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(runNow(hook, context));
                } catch (RuntimeException e) {
                    result.complete(fail(hook, context, "hook " + hook.name() + " failed: " + e, ""));
                }
            });
        } catch (RejectedExecutionException e) {
            result.complete(fail(hook, context, "hook " + hook.name() + " could not be started: the hook "
                    + "executor refused it", ""));
        }
        return result;
    }

    private HookOutcome runNow(HookConfig hook, HookContext context) {
        List<Secret> masks = masks(hook);
        if (!Files.isDirectory(hook.workingDirectory())) {
            return fail(hook, context, "hook " + hook.name() + " could not start: working directory "
                    + hook.workingDirectory() + " does not exist", "");
        }
        Path output;
        try {
            output = Files.createTempFile("rollout-hook-", ".log");
        } catch (IOException e) {
            return fail(hook, context, "hook " + hook.name() + " could not create its output file: " + e, "");
        }
        try {
            return execute(hook, context, output, masks);
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                LOG.debug("hook {}: output file {} not deleted: {}", hook.name(), output, e.toString());
            }
        }
    }

    private HookOutcome execute(HookConfig hook, HookContext context, Path output, List<Secret> masks) {
        ProcessBuilder pb = new ProcessBuilder(hook.command()).directory(hook.workingDirectory().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> env = pb.environment();
        env.putAll(hook.env());
        env.putAll(rolloutEnv(context));
        String program = hook.command().get(0);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return fail(hook, context, OutputTail.redact("hook " + hook.name() + " could not start '"
                    + program + "': " + startError(e), masks), "");
        }
        LOG.info("service {} environment {} revision {}: hook {} started ({})", context.service(),
                context.environment(), context.revision().id(), hook.name(), program);
        closeQuietly(process);
        String ending;
        Integer exit = null;
        try {
            if (deadline.await(process, hook.timeout())) {
                exit = process.exitValue();
                ending = exit == 0 ? "succeeded" : "failed with exit code " + exit;
            } else {
                killTree(process);
                ending = "timed out after " + hook.timeout() + " and was killed";
            }
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            ending = "was interrupted and killed";
        }
        String tail;
        try {
            tail = OutputTail.read(output, tailLimit, masks);
        } catch (IOException e) {
            tail = "";
        }
        String message = "hook " + hook.name() + " " + ending;
        if (exit != null && exit == 0) {
            LOG.info("service {} environment {} revision {}: {}", context.service(), context.environment(),
                    context.revision().id(), message);
            return HookOutcome.success(hook.name(), message, tail);
        }
        String last = OutputTail.lastLines(tail, 3, 500);
        return fail(hook, context, last.isEmpty() ? message : message + "; output ends: " + last, tail);
    }

    /** The variables every hook gets. */
    static Map<String, String> rolloutEnv(HookContext context) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("ROLLOUT_SERVICE", context.service());
        env.put("ROLLOUT_ENVIRONMENT", context.environment());
        env.put("ROLLOUT_REVISION", context.revision().id());
        env.put("ROLLOUT_REQUEST_ID", context.requestId());
        Revision revision = context.revision();
        revision.attributes().forEach((k, v) -> env.put("ROLLOUT_REVISION_"
                + k.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_"), v));
        return env;
    }

    private List<Secret> masks(HookConfig hook) {
        List<Secret> all = new ArrayList<>(secrets);
        hook.env().forEach((k, v) -> {
            if (SECRET_KEY.matcher(k).matches() && !v.isEmpty()) {
                all.add(Secret.of(v));
            }
        });
        return all;
    }

    /** The OS's reason ("No such file or directory") rather than Java's long sentence. */
    /**
     * The operating system's reason, without the JDK's wording around it, which differs between
     * releases ({@code error=2, No such file or directory} on 17, {@code Exec failed, error: 2 (No
     * such file or directory)} on 25).
     */
    private static String startError(IOException e) {
        String m = String.valueOf(e.getMessage());
        java.util.regex.Matcher paren = java.util.regex.Pattern.compile("error: \\d+ \\(([^)]*)\\)")
                .matcher(m);
        if (paren.find()) {
            return paren.group(1);
        }
        int at = m.indexOf("error=");
        int comma = at < 0 ? -1 : m.indexOf(", ", at);
        return comma < 0 ? m : m.substring(comma + 2).trim();
    }

    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // Standard input is closed only so a hook reading it sees the end; nothing to report.
        }
    }

    /** Kills descendants first: once the parent dies they are re-parented and harder to find. */
    static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HookOutcome fail(HookConfig hook, HookContext context, String message, String tail) {
        LOG.warn("service {} environment {} revision {}: {}", context.service(), context.environment(),
                context.revision().id(), message);
        return HookOutcome.failure(hook.name(), message, tail);
    }

    /** Two daemon threads, idle ones ending after a minute; hooks are rare and may run long. */
    private static final class DefaultPool {
        static final Executor INSTANCE = create();

        private static Executor create() {
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 1, TimeUnit.MINUTES,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "rollout-hook-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }

    /** Configures a {@link CommandHookRunner}. Not thread-safe. */
    public static final class Builder {
        private Executor executor;
        private Deadline deadline = Deadline.REAL;
        private final List<Secret> secrets = new ArrayList<>();
        private int tailLimit = DEFAULT_TAIL;

        private Builder() {
        }

        /** Where hooks run (each blocks a thread while it runs); default a shared two-thread daemon pool. */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** How a hook's timeout is waited for; {@link Deadline#REAL} by default. */
        public Builder deadline(Deadline deadline) {
            this.deadline = Objects.requireNonNull(deadline, "deadline");
            return this;
        }

        /** Secrets masked in the output and messages, besides env values whose key names a secret. */
        public Builder secrets(List<Secret> secrets) {
            Objects.requireNonNull(secrets, "secrets").forEach(s -> this.secrets.add(Objects.requireNonNull(s, "secret")));
            return this;
        }

        /** Characters of output kept as the tail (1..1 MiB); {@value CommandHookRunner#DEFAULT_TAIL} by default. */
        public Builder outputTail(int characters) {
            if (characters < 1 || characters > 1 << 20) {
                throw new IllegalArgumentException("outputTail must be 1.." + (1 << 20) + ", was " + characters);
            }
            this.tailLimit = characters;
            return this;
        }

        /** The runner. */
        public CommandHookRunner build() {
            return new CommandHookRunner(this);
        }
    }
}
