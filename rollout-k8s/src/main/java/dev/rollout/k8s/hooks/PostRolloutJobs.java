package dev.rollout.k8s.hooks;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.Scheduler;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.event.RolloutListener;
import dev.rollout.api.model.Revision;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.internal.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Post-rollout hook Jobs: register it as the engine's listener and, each time a configured
 * rollout's revision is promoted (the rollout became Healthy), it runs that rollout's
 * {@link HookJob} in the rollout's namespace, polls it on the engine's {@link Scheduler} and
 * reports the outcome to a callback and the log. It never changes the promoted rollout: a failed
 * smoke test is reported, not rolled back (gate promotion with blue/green
 * {@code postPromotionAnalysis} or a last custom step instead). The Job's name comes from the
 * rollout id and the revision, so a repeated {@code Promoted} event or a restarted engine finds
 * the same Job rather than starting a second one. Thread-safe; owns no thread.
 */
public final class PostRolloutJobs implements RolloutListener {
    private static final Logger LOG = LoggerFactory.getLogger(PostRolloutJobs.class);

    /** How a post-rollout Job ended. */
    public enum Outcome {
        /** The Job completed. */
        SUCCEEDED,
        /** The Job failed (or could not be created); the message gives Kubernetes' reason. */
        FAILED,
        /** The Job did not finish within the hook's timeout. */
        TIMED_OUT
    }

    /**
     * The end of one post-rollout Job.
     *
     * @param rolloutId the rollout, {@code namespace/name}
     * @param revision the promoted revision's id
     * @param job the Job's name, in the rollout's namespace
     * @param outcome how it ended
     * @param message what happened, in words
     */
    public record Result(String rolloutId, String revision, String job, Outcome outcome,
            String message) {
        public Result {
            Objects.requireNonNull(rolloutId, "rolloutId");
            Objects.requireNonNull(revision, "revision");
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(message, "message");
        }
    }

    private final JobHookRunner runner;
    private final Scheduler scheduler;
    private final Map<String, HookJob> jobs;
    private final Function<String, Revision> revisions;
    private final Duration pollInterval;
    private final Consumer<Result> onResult;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    private PostRolloutJobs(Builder b) {
        this.runner = new JobHookRunner(b.connection, b.scheduler.clock());
        this.scheduler = b.scheduler;
        this.jobs = Map.copyOf(b.jobs);
        this.revisions = b.revisions;
        this.pollInterval = b.pollInterval;
        this.onResult = b.onResult;
    }

    /** A builder on the connection's cluster, polling on {@code scheduler} (the engine's). */
    public static Builder builder(KubernetesConnection connection, Scheduler scheduler) {
        return new Builder(connection, scheduler);
    }

    /** The name of the post-rollout Job of {@code revisionId} of {@code rolloutId}. */
    public static String jobName(HookJob hook, String rolloutId, String revisionId) {
        return Names.dnsLabel(hook.baseName(),
                Names.hash(rolloutId + "\u0000" + revisionId + "\u0000post-rollout"));
    }

    @Override
    public void onEvent(RolloutEvent event) {
        if (!(event instanceof RolloutEvent.Promoted promoted)) {
            return;
        }
        HookJob hook = jobs.get(promoted.rolloutId());
        if (hook == null) {
            return;
        }
        String name = jobName(hook, promoted.rolloutId(), promoted.revision());
        if (!seen.add(name)) {
            return;
        }
        Instant startedAt = scheduler.clock().instant();
        scheduler.execute(() -> poll(hook, promoted.rolloutId(), promoted.revision(), name,
                startedAt));
    }

    private void poll(HookJob hook, String rolloutId, String revisionId, String name,
            Instant startedAt) {
        String namespace = rolloutId.substring(0, rolloutId.indexOf('/'));
        HookStatus status;
        try {
            Revision revision = revisions.apply(revisionId);
            status = runner.ensure(namespace, hook, rolloutId, revision, name);
        } catch (InvalidSpecException e) {
            report(new Result(rolloutId, revisionId, name, Outcome.FAILED,
                    "post-rollout Job " + name + " could not be rendered: " + e.getMessage()));
            return;
        } catch (RuntimeException e) {
            // A failed call is retried at the next poll, until the timeout.
            status = new HookStatus.Running(name);
            LOG.warn("rollout {} revision {}: post-rollout Job {}/{} not checked: {}", rolloutId,
                    revisionId, namespace, name, e.toString());
        }
        if (status instanceof HookStatus.Succeeded) {
            report(new Result(rolloutId, revisionId, name, Outcome.SUCCEEDED,
                    "post-rollout Job " + name + " succeeded"));
        } else if (status instanceof HookStatus.Failed failed) {
            report(new Result(rolloutId, revisionId, name, Outcome.FAILED, failed.reason()));
        } else if (!scheduler.clock().instant().isBefore(startedAt.plus(hook.timeout()))) {
            report(new Result(rolloutId, revisionId, name, Outcome.TIMED_OUT,
                    "post-rollout Job " + name + " timed out after " + hook.timeout()));
        } else {
            scheduler.schedule(() -> poll(hook, rolloutId, revisionId, name, startedAt),
                    pollInterval);
        }
    }

    private void report(Result result) {
        if (result.outcome() == Outcome.SUCCEEDED) {
            LOG.info("rollout {} revision {}: {}", result.rolloutId(), result.revision(),
                    result.message());
        } else {
            LOG.warn("rollout {} revision {}: {} (the promotion stands)", result.rolloutId(),
                    result.revision(), result.message());
        }
        try {
            onResult.accept(result);
        } catch (RuntimeException e) {
            LOG.warn("rollout {} revision {}: post-rollout callback failed: {}",
                    result.rolloutId(), result.revision(), e.toString());
        }
    }

    /** Configures {@link PostRolloutJobs}. Not thread-safe. */
    public static final class Builder {
        private final KubernetesConnection connection;
        private final Scheduler scheduler;
        private final Map<String, HookJob> jobs = new HashMap<>();
        private Function<String, Revision> revisions = Revision::of;
        private Duration pollInterval = Duration.ofSeconds(10);
        private Consumer<Result> onResult = r -> { };

        private Builder(KubernetesConnection connection, Scheduler scheduler) {
            this.connection = Objects.requireNonNull(connection, "connection");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        }

        /** Runs {@code job} after each promotion of {@code rolloutId} ({@code namespace/name}). */
        public Builder job(String rolloutId, HookJob job) {
            Objects.requireNonNull(rolloutId, "rolloutId");
            int slash = rolloutId.indexOf('/');
            if (slash <= 0 || slash == rolloutId.length() - 1) {
                throw new IllegalArgumentException(
                        "rolloutId must be namespace/name, was '" + rolloutId + "'");
            }
            jobs.put(rolloutId, Objects.requireNonNull(job, "job"));
            return this;
        }

        /**
         * How a promoted revision id becomes the {@link Revision} whose attributes fill the Job's
         * {@code {{revision.<attribute>}}} placeholders ({@code revisionSource::resolve} fits);
         * by default a revision with only its id.
         */
        public Builder revisions(Function<String, Revision> lookup) {
            this.revisions = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /** How often a running Job is checked; 10 seconds by default. */
        public Builder pollInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException(
                        "pollInterval must be positive, was " + interval);
            }
            this.pollInterval = interval;
            return this;
        }

        /** Called once per Job with its outcome, on the scheduler; must return fast. */
        public Builder onResult(Consumer<Result> callback) {
            this.onResult = Objects.requireNonNull(callback, "callback");
            return this;
        }

        /** The listener to register with {@code RolloutEngine.Builder.listener}. */
        public PostRolloutJobs build() {
            return new PostRolloutJobs(this);
        }
    }
}
