package dev.rollout.k8s.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.MockClock;
import dev.rollout.api.model.Revision;
import dev.rollout.core.conductor.config.HookConfig;
import dev.rollout.core.conductor.hooks.HookContext;
import dev.rollout.core.conductor.hooks.HookOutcome;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import dev.rollout.k8s.fake.JobOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pre-deploy Job hooks against the fake API server's Job controller, on virtual time. */
class JobPreDeployHookRunnerTest {
    static final String JOB = """
            {"metadata":{"name":"db-migrate"%s},
             "spec":{"backoffLimit":0,"template":{"spec":{"restartPolicy":"Never",
               "containers":[{"name":"migrate","image":"{{revision.image}}",
                              "args":["migrate","--to","{{revision.id}}"]}]}}}}
            """;
    static final Revision V2 = new Revision("v2", Map.of("image", "registry.example/web:2"));
    static final HookContext CONTEXT = new HookContext("web", "production", V2, "req-1");

    private final MockClock clock = new MockClock();
    private final FakeKubeApiServer server = FakeKubeApiServer.start(clock);
    private final VirtualScheduler scheduler = new VirtualScheduler(clock);
    private final JobPreDeployHookRunner runner = new JobPreDeployHookRunner(
            KubernetesConnection.of("c", server.apiClient()), "shop", scheduler, Duration.ofSeconds(10));
    private final Instant start = clock.instant();

    JobPreDeployHookRunnerTest() {
        // Every API request is preceded by one controller tick, so polls see the Job progress.
        server.autoTick(true);
    }

    @AfterEach
    void close() {
        server.close();
    }

    static HookConfig hook(String namespaceField, Duration timeout) {
        return new HookConfig("migrate", List.of(), Path.of("."), Map.of(),
                Optional.of(JOB.formatted(namespaceField)), timeout);
    }

    HookOutcome runToEnd(HookConfig hook) {
        CompletableFuture<HookOutcome> outcome = runner.run(hook, CONTEXT).toCompletableFuture();
        scheduler.runUntilIdle(Duration.ofHours(2));
        assertThat(outcome).isDone();
        return outcome.join();
    }

    @Test
    void aSucceedingJobPassesOnceItCompletes() {
        server.jobs().whenImage("registry.example/web:2", JobOutcome.succeedAfter(4).withLogs("migrated 3 tables\n"));

        HookOutcome outcome = runToEnd(hook("", Duration.ofMinutes(5)));

        String name = JobHookRunner.jobName(new HookJob(JOB.formatted(""), Duration.ofMinutes(5)),
                "web/production", V2, start);
        assertThat(outcome).isEqualTo(new HookOutcome("migrate", true,
                "hook migrate succeeded (Job shop/" + name + ")", "migrated 3 tables\n"));
        // Created once, then polled every 10 s until it completed.
        assertThat(server.requests().matching("POST", ".*/jobs")).hasSize(1);
        assertThat(clock.instant()).isAfter(start).isBefore(start.plus(Duration.ofMinutes(1)));
        var container = server.get("batch/v1", "jobs", "shop", name).orElseThrow()
                .path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("image").asText()).isEqualTo("registry.example/web:2");
        assertThat(container.path("args").get(2).asText()).isEqualTo("v2");
    }

    @Test
    void aFailingJobFailsTheHookWithKubernetesReason() {
        server.jobs().whenImage("registry.example/web:2", JobOutcome.failAfter(2, "relation users already exists")
                .withLogs("applying 0042_users\nERROR: relation \"users\" already exists\n"));

        HookOutcome outcome = runToEnd(hook("", Duration.ofMinutes(5)));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).startsWith("hook migrate failed: Job db-migrate-")
                .contains("relation users already exists")
                .endsWith("; output ends: applying 0042_users | ERROR: relation \"users\" already exists");
        assertThat(outcome.outputTail()).isEqualTo("applying 0042_users\nERROR: relation \"users\" already exists\n");
    }

    @Test
    void aJobOutlivingTheTimeoutFailsAtTheTimeout() {
        server.jobs().whenImage("registry.example/web:2", JobOutcome.succeedAfter(100_000));

        HookOutcome outcome = runToEnd(hook("", Duration.ofMinutes(5)));

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).contains("timed out after PT5M");
        assertThat(clock.instant()).isEqualTo(start.plus(Duration.ofMinutes(5)));
        assertThat(scheduler.pendingTasks()).isZero();
    }

    @Test
    void theJobsOwnNamespaceWins() {
        HookOutcome outcome = runToEnd(hook(",\"namespace\":\"db\"", Duration.ofMinutes(5)));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.message()).contains("Job db/db-migrate-");
    }

    @Test
    void invalidJobsAndCommandHooksAreFailedOutcomes() {
        HookConfig noName = new HookConfig("migrate", List.of(), Path.of("."), Map.of(),
                Optional.of("{\"spec\":{}}"), Duration.ofMinutes(1));
        assertThat(runner.run(noName, CONTEXT).toCompletableFuture().join().message())
                .startsWith("hook migrate has an invalid Job:").contains("metadata.name");

        HookConfig unknownPlaceholder = new HookConfig("migrate", List.of(), Path.of("."), Map.of(),
                Optional.of(JOB.formatted("").replace("revision.image", "revision.chart")), Duration.ofMinutes(1));
        assertThat(runToEnd(unknownPlaceholder).message()).contains("could not be rendered").contains("revision.chart");

        HookConfig command = new HookConfig("migrate", List.of("true"), Path.of("."), Map.of(),
                Optional.empty(), Duration.ofMinutes(1));
        assertThat(runner.run(command, CONTEXT).toCompletableFuture().join().message()).contains("is a command hook");
        assertThat(server.requests().matching("POST", ".*/jobs")).isEmpty();
    }
}
