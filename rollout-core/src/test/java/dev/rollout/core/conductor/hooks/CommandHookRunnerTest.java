package dev.rollout.core.conductor.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.Secret;
import dev.rollout.api.model.Revision;
import dev.rollout.core.conductor.config.HookConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandHookRunnerTest {
    static final HookContext CONTEXT = new HookContext("checkout", "production",
            new Revision("a1b2c3d", Map.of("image", "registry.example/checkout:42", "chart.version", "1.2.3")),
            "req-9");

    @TempDir
    Path dir;
    final ExecutorService executor = Executors.newSingleThreadExecutor();
    final CommandHookRunner runner = CommandHookRunner.builder().executor(executor).build();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    HookConfig hook(Map<String, String> env, Duration timeout, String... command) {
        return new HookConfig("migrate", List.of(command), dir, env, Optional.empty(), timeout);
    }

    HookConfig sh(String script) {
        return hook(Map.of(), Duration.ofSeconds(20), "sh", "-c", script);
    }

    static HookOutcome run(PreDeployHookRunner runner, HookConfig hook) throws Exception {
        return runner.run(hook, CONTEXT).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void exitZeroSucceedsWithItsOutput() throws Exception {
        HookOutcome outcome = run(runner, sh("echo migrated 3 tables; pwd"));

        assertThat(outcome).isEqualTo(HookOutcome.success("migrate", "hook migrate succeeded",
                "migrated 3 tables\n" + dir.toRealPath() + "\n"));
    }

    @Test
    void aNonZeroExitFailsWithTheCodeAndTheOutputsEnd() throws Exception {
        HookOutcome outcome = run(runner, sh("echo starting; echo 'relation users exists' >&2; exit 3"));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).isEqualTo(
                "hook migrate failed with exit code 3; output ends: starting | relation users exists");
        assertThat(outcome.outputTail()).isEqualTo("starting\nrelation users exists\n");
    }

    @Test
    void theHookSeesItsEnvAndTheDeploysVariables() throws Exception {
        HookConfig hook = hook(Map.of("DB_URL", "postgres://db/checkout", "ROLLOUT_SERVICE", "overridden?"),
                Duration.ofSeconds(20), "sh", "-c",
                "echo $ROLLOUT_SERVICE $ROLLOUT_ENVIRONMENT $ROLLOUT_REVISION $ROLLOUT_REQUEST_ID;"
                        + " echo $ROLLOUT_REVISION_IMAGE $ROLLOUT_REVISION_CHART_VERSION $DB_URL");

        assertThat(run(runner, hook).outputTail()).isEqualTo("checkout production a1b2c3d req-9\n"
                + "registry.example/checkout:42 1.2.3 postgres://db/checkout\n");
    }

    @Test
    void onlyTheLastPartOfALongOutputIsKeptAndSecretsAreMasked() throws Exception {
        CommandHookRunner masking = CommandHookRunner.builder().executor(executor).outputTail(64)
                .secrets(List.of(Secret.of("hunter2-password"))).build();
        HookConfig hook = hook(Map.of("DB_TOKEN", "tok-5ecr3t"), Duration.ofSeconds(20), "sh", "-c",
                "i=0; while [ $i -lt 2000 ]; do echo line $i; i=$((i+1)); done;"
                        + " echo using hunter2-password and $DB_TOKEN; exit 1");

        HookOutcome outcome = run(masking, hook);

        assertThat(outcome.outputTail()).hasSize(64).endsWith("line 1999\nusing **** and ****\n")
                .doesNotContain("hunter2").doesNotContain("5ecr3t");
        assertThat(outcome.message()).endsWith("output ends: line 1998 | line 1999 | using **** and ****");
    }

    @Test
    void aTimeoutKillsTheProcessAndItsChildren() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Path started = dir.resolve("started.fifo");
        assertThat(new ProcessBuilder("mkfifo", started.toString()).start().waitFor()).isZero();
        // The deadline says "too late" once the child runs: the kill of a real tree is tested, not
        // the clock. Reading the FIFO blocks until the hook has written the child's pid.
        CommandHookRunner late = CommandHookRunner.builder().executor(executor).deadline((p, timeout) -> {
            try {
                Files.readString(started);
            } catch (java.io.IOException e) {
                throw new AssertionError("the hook did not report its child", e);
            }
            return false;
        }).build();
        HookConfig hook = hook(Map.of(), Duration.ofMinutes(10), "sh", "-c",
                "sleep 30 & echo $! > child.pid; echo $! > started.fifo; echo waiting; wait");

        HookOutcome outcome = run(late, hook);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).startsWith("hook migrate timed out after PT10M and was killed");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        // A killed orphan is reaped asynchronously; without the tree kill it would sleep on for 30 s.
        Optional<ProcessHandle> handle = ProcessHandle.of(child);
        if (handle.isPresent()) {
            handle.get().onExit().get(5, TimeUnit.SECONDS);
            assertThat(handle.get().isAlive()).isFalse();
        }
    }

    @Test
    void theRealDeadlineEndsASleepingHook() throws Exception {
        long start = System.nanoTime();
        HookOutcome outcome = run(runner, hook(Map.of(), Duration.ofMillis(200), "sleep", "30"));

        assertThat(outcome.message()).isEqualTo("hook migrate timed out after PT0.2S and was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aMissingExecutableIsAFailedOutcome() throws Exception {
        HookOutcome outcome = run(runner, hook(Map.of(), Duration.ofSeconds(5), "no-such-migrate-tool", "up"));

        assertThat(outcome).isEqualTo(HookOutcome.failure("migrate",
                "hook migrate could not start 'no-such-migrate-tool': No such file or directory", ""));
    }

    @Test
    void aMissingWorkingDirectoryIsAFailedOutcome() throws Exception {
        HookConfig hook = new HookConfig("migrate", List.of("true"), dir.resolve("gone"), Map.of(),
                Optional.empty(), Duration.ofSeconds(5));

        assertThat(run(runner, hook).message()).isEqualTo(
                "hook migrate could not start: working directory " + dir.resolve("gone") + " does not exist");
    }

    @Test
    void aJobHookIsRefusedWithAPointerToRolloutK8s() throws Exception {
        HookConfig job = new HookConfig("migrate", List.of(), dir, Map.of(), Optional.of("{}"), Duration.ofSeconds(5));

        assertThat(run(runner, job).message()).contains("is a Job hook").contains("JobPreDeployHookRunner");
    }

    @Test
    void hooksRunOnTheInjectedExecutor() throws Exception {
        java.util.concurrent.atomic.AtomicInteger used = new java.util.concurrent.atomic.AtomicInteger();
        HookOutcome outcome = run(CommandHookRunner.builder().executor(r -> {
            used.incrementAndGet();
            new Thread(r, "hook-thread-x").start();
        }).build(), sh("true"));
        assertThat(outcome.succeeded()).isTrue();
        assertThat(used).hasValue(1);
        // A refusing executor gives a failed outcome rather than an exception.
        HookOutcome refused = run(CommandHookRunner.builder().executor(r -> {
            throw new java.util.concurrent.RejectedExecutionException("full");
        }).build(), sh("true"));
        assertThat(refused.message()).contains("could not be started");
    }
}
