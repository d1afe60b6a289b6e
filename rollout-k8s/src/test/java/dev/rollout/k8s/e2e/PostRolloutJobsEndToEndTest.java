package dev.rollout.k8s.e2e;

import static dev.rollout.k8s.FakeCluster.CANARY;
import static dev.rollout.k8s.FakeCluster.NS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.model.CanaryStep;
import dev.rollout.api.model.CanaryStrategy;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.core.RolloutEngine;
import dev.rollout.core.RolloutHandle;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.core.state.InMemoryStateStore;
import dev.rollout.k8s.FakeCluster;
import dev.rollout.k8s.fake.JobOutcome;
import dev.rollout.k8s.fake.RequestLog;
import dev.rollout.k8s.hooks.HookJob;
import dev.rollout.k8s.hooks.PostRolloutJobs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Post-rollout Jobs after promotion, driven by the engine against the fake's Job controller. */
class PostRolloutJobsEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final HookJob SMOKE = new HookJob("""
            {"metadata":{"name":"smoke"},"spec":{"backoffLimit":0,"template":{"spec":{
              "restartPolicy":"Never","containers":[{"name":"s","image":"{{revision.image}}"}]}}}}
            """, TIMEOUT);

    private final FakeCluster cluster = new FakeCluster();
    private final VirtualScheduler scheduler = new VirtualScheduler(cluster.clock);
    private final List<PostRolloutJobs.Result> results = new CopyOnWriteArrayList<>();
    private Instant promotedAt;

    PostRolloutJobsEndToEndTest() {
        cluster.server.autoTick(true);
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private PostRolloutJobs hooks() {
        return PostRolloutJobs.builder(cluster.connection, scheduler).job("shop/web", SMOKE)
                .revisions(id -> id.equals(CANARY.id()) ? CANARY : Revision.of(id))
                .pollInterval(Duration.ofSeconds(5)).onResult(results::add).build();
    }

    private RolloutHandle rollOut(PostRolloutJobs hooks) {
        RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler)
                .stateStore(new InMemoryStateStore()).target(cluster.target).listener(hooks)
                .listener(e -> {
                    if (e instanceof RolloutEvent.Promoted) {
                        promotedAt = e.at();
                    }
                })
                .readinessBackoff(Duration.ofSeconds(2), Duration.ofSeconds(10)).build();
        RolloutHandle h = engine.start(new RolloutSpec("web", NS, 4, CanaryStrategy.of(List.of(
                new CanaryStep.SetWeight(50), CanaryStep.Pause.of(Duration.ofMinutes(1)))), 600,
                false, Map.of()), "fake", CANARY);
        scheduler.runUntilIdle(Duration.ofHours(2));
        return h;
    }

    private List<RequestLog.Entry> jobPosts() {
        return cluster.server.requests().matching("POST", ".*/jobs");
    }

    private String userImage() {
        return cluster.deployment("web").path("spec").path("template").path("spec")
                .path("containers").get(0).path("image").asText();
    }

    @Test
    void aSucceedingJobRunsOnlyAfterTheRevisionIsPromoted() {
        cluster.server.jobs().whenImage("registry.example/web:2", JobOutcome.succeedAfter(3));

        RolloutHandle h = rollOut(hooks());

        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        String name = PostRolloutJobs.jobName(SMOKE, "shop/web", "v2");
        assertThat(results).containsExactly(new PostRolloutJobs.Result("shop/web", "v2", name,
                PostRolloutJobs.Outcome.SUCCEEDED, "post-rollout Job " + name + " succeeded"));
        JsonNode job = cluster.server.get("batch/v1", "jobs", NS, name).orElseThrow();
        assertThat(job.path("spec").path("template").path("spec").path("containers").get(0)
                .path("image").asText()).isEqualTo("registry.example/web:2");
        List<RequestLog.Entry> writes = cluster.server.requests().writes();
        int lastUserDeploymentWrite = -1;
        int jobCreated = -1;
        for (int i = 0; i < writes.size(); i++) {
            String path = writes.get(i).path();
            if (path.endsWith("/deployments/web")) {
                lastUserDeploymentWrite = i;
            }
            if (jobCreated < 0 && path.endsWith("/jobs")) {
                jobCreated = i;
            }
        }
        assertThat(jobCreated).as("the Job is created after the user's Deployment runs v2")
                .isGreaterThan(lastUserDeploymentWrite).isPositive();
        assertThat(jobPosts()).hasSize(1);
    }

    @Test
    void aFailingJobIsReportedWithItsReasonAndThePromotionStands() {
        cluster.server.jobs().whenImage("registry.example/web:2",
                JobOutcome.failAfter(2, "smoke test: GET /healthz answered 500"));

        RolloutHandle h = rollOut(hooks());

        assertThat(results).hasSize(1);
        assertThat(results.get(0).outcome()).isEqualTo(PostRolloutJobs.Outcome.FAILED);
        assertThat(results.get(0).message()).contains("BackoffLimitExceeded")
                .contains("smoke test: GET /healthz answered 500");
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
        assertThat(h.status().stableRevision()).isEqualTo("v2");
        assertThat(userImage()).isEqualTo("registry.example/web:2");
    }

    @Test
    void aJobThatDoesNotFinishTimesOutAndIsReportedOnce() {
        cluster.server.jobs().whenImage("registry.example/web:2",
                JobOutcome.succeedAfter(1_000_000));

        RolloutHandle h = rollOut(hooks());

        assertThat(results).hasSize(1);
        assertThat(results.get(0).outcome()).isEqualTo(PostRolloutJobs.Outcome.TIMED_OUT);
        assertThat(results.get(0).message()).contains("timed out after PT5M");
        assertThat(cluster.clock.instant()).isAfterOrEqualTo(promotedAt.plus(TIMEOUT));
        assertThat(cluster.server.get("batch/v1", "jobs", NS, results.get(0).job()).orElseThrow()
                .path("spec").path("activeDeadlineSeconds").asLong())
                .as("Kubernetes stops it too").isEqualTo(TIMEOUT.toSeconds());
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
    }

    @Test
    void aRepeatedPromotedEventOrARestartedListenerFindsTheSameJob() {
        PostRolloutJobs hooks = hooks();
        rollOut(hooks);
        assertThat(results).hasSize(1);

        hooks.onEvent(new RolloutEvent.Promoted("shop/web", "v2", cluster.clock.instant(),
                "again"));
        scheduler.runUntilIdle(Duration.ofHours(1));
        assertThat(results).as("the same listener ignores a repeated event").hasSize(1);

        hooks().onEvent(new RolloutEvent.Promoted("shop/web", "v2", cluster.clock.instant(),
                "after a restart"));
        scheduler.runUntilIdle(Duration.ofHours(1));
        assertThat(results).hasSize(2).allMatch(r -> r.outcome()
                == PostRolloutJobs.Outcome.SUCCEEDED && r.job().equals(results.get(0).job()));
        assertThat(jobPosts()).as("one Job for one promotion").hasSize(1);
    }

    @Test
    void apiErrorsAreRetriedAtTheNextPoll() {
        cluster.server.faults().on("POST", ".*/jobs").times(3).serverError();

        rollOut(hooks());

        assertThat(results).extracting(PostRolloutJobs.Result::outcome)
                .containsExactly(PostRolloutJobs.Outcome.SUCCEEDED);
        assertThat(jobPosts()).extracting(RequestLog.Entry::status).contains(500)
                .filteredOn(status -> status == 201).hasSize(1);
    }

    @Test
    void aJobThatCannotBeRenderedIsReportedAsFailedWithoutAnyJob() {
        PostRolloutJobs withoutAttributes = PostRolloutJobs.builder(cluster.connection, scheduler)
                .job("shop/web", SMOKE).onResult(results::add).build();

        RolloutHandle h = rollOut(withoutAttributes);

        assertThat(results).hasSize(1);
        assertThat(results.get(0).outcome()).isEqualTo(PostRolloutJobs.Outcome.FAILED);
        assertThat(results.get(0).message()).contains("could not be rendered")
                .contains("has no attribute image");
        assertThat(jobPosts()).isEmpty();
        assertThat(h.status().phase()).isEqualTo(RolloutPhase.Healthy);
    }

    @Test
    void otherRolloutsAndOtherEventsStartNoJob() {
        PostRolloutJobs hooks = hooks();
        hooks.onEvent(new RolloutEvent.Promoted("shop/api", "v2", cluster.clock.instant(), "x"));
        hooks.onEvent(new RolloutEvent.Started("shop/web", "v2", cluster.clock.instant(), "x"));
        scheduler.runUntilIdle(Duration.ofHours(1));

        assertThat(jobPosts()).isEmpty();
        assertThat(results).isEmpty();
    }
}
