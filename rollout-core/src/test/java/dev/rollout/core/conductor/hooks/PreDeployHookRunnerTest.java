package dev.rollout.core.conductor.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.core.conductor.config.HookConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PreDeployHookRunnerTest {
    static final HookConfig COMMAND = new HookConfig("cmd", List.of("true"), Path.of("."), Map.of(),
            Optional.empty(), Duration.ofMinutes(1));
    static final HookConfig JOB = new HookConfig("job", List.of(), Path.of("."), Map.of(),
            Optional.of("{}"), Duration.ofMinutes(1));

    static PreDeployHookRunner answering(String who) {
        return (hook, context) -> CompletableFuture.completedFuture(HookOutcome.success(hook.name(), who, ""));
    }

    static HookOutcome run(PreDeployHookRunner runner, HookConfig hook) {
        return runner.run(hook, CommandHookRunnerTest.CONTEXT).toCompletableFuture().join();
    }

    @Test
    void byKindSendsEachHookToItsRunner() {
        PreDeployHookRunner runner = PreDeployHookRunner.byKind(answering("commands"), answering("jobs"));
        assertThat(run(runner, COMMAND).message()).isEqualTo("commands");
        assertThat(run(runner, JOB).message()).isEqualTo("jobs");
    }

    @Test
    void aRunnerThatThrowsGivesAFailedOutcome() {
        PreDeployHookRunner throwing = (hook, context) -> {
            throw new IllegalStateException("boom");
        };
        PreDeployHookRunner failing = (hook, context) -> CompletableFuture.failedFuture(new IllegalStateException("bust"));
        PreDeployHookRunner runner = PreDeployHookRunner.byKind(throwing, failing);

        assertThat(run(runner, COMMAND)).satisfies(o -> {
            assertThat(o.succeeded()).isFalse();
            assertThat(o.message()).startsWith("hook cmd failed:").contains("boom");
        });
        assertThat(run(runner, JOB).message()).startsWith("hook job failed:").contains("bust");
    }
}
