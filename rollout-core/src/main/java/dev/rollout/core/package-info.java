/**
 * The rollout engine's public API.
 *
 * <p>Build a {@link dev.rollout.core.RolloutEngine} with its targets, a scheduler and a state
 * store, {@link dev.rollout.core.RolloutEngine#start start} a rollout of a new revision on a
 * target, and follow or steer it through its {@link dev.rollout.core.RolloutHandle}:
 *
 * <pre>{@code
 * VirtualScheduler scheduler = new VirtualScheduler();          // or new ExecutorScheduler()
 * EmbeddedCluster cluster = EmbeddedCluster.create(scheduler.clock());
 * RolloutEngine engine = RolloutEngine.builder()
 *         .scheduler(scheduler).target(cluster).analysisLauncher(launcher)
 *         .listener(event -> log.info(event.message()))
 *         .build();
 * RolloutHandle rollout = engine.start(spec, cluster.name(), Revision.of("v2"));
 * scheduler.runUntilIdle(Duration.ofDays(1));                   // virtual time only
 * RolloutStatus status = rollout.status();
 * }</pre>
 *
 * <p>Inside (package-private, not API): one state machine per rollout, shared by every strategy,
 * serialises actions and reconciles under one lock; its phases and their transitions are an
 * explicit table; the canary and blue/green programs hand it changes instead of writing its
 * state; it compares what it would apply with what it applied before (persisted), and persists
 * every change with compare-and-set before it delivers the change's events. Events are delivered
 * after the lock is released, one thread at a time and in order, so a listener may call any
 * rollout's handle without deadlock. {@link dev.rollout.core.StoredRollout} reads what it stored.
 *
 * <p>Semantics are Argo Rollouts', with these choices made explicit:
 * <ul>
 *   <li>Resume is explicit: an engine built on a store that holds rollouts drives them only after
 *       {@link dev.rollout.core.RolloutEngine#resumeAll()}. Completed steps are not applied again
 *       (the engine persists what it applied), pause end times are absolute, and an analysis run
 *       that was in flight when the engine stopped starts again from scratch under a new name.</li>
 *   <li>{@code undo(revision)}: the stable revision is a fast-tracked rollback (traffic and
 *       replicas to stable at once, the new revision removed, Healthy); any other revision is
 *       rolled out as a new rollout of the same id, through every step.</li>
 *   <li>Starting a revision while another is in flight supersedes it: the in-flight revision's
 *       traffic goes back to stable and its pods are removed before the new rollout starts.</li>
 *   <li>{@code resume()} lifts only the operator's {@code UserPause}; {@code promote()} lifts every
 *       pause (step, blue/green, inconclusive analysis) or, when not paused, skips the current step.</li>
 *   <li>The progress deadline counts time spent waiting for pods only; a missed deadline without
 *       {@code progressDeadlineAbort} makes the rollout Degraded until its pods progress again.</li>
 *   <li>No implicit first deploy: a target without the workload makes {@code start} throw
 *       {@link dev.rollout.api.WorkloadNotFoundException}, changing nothing. With
 *       {@link dev.rollout.core.StartOptions#firstDeploy()} the new revision goes to full scale
 *       with a {@code Warning} event, and every analysis of the spec runs against it before it is
 *       marked stable.</li>
 *   <li>No namespace is assumed: a spec without one ({@code metadata.namespace} not written) is
 *       refused by {@code start}; place it with {@code RolloutSpec.inNamespace}.</li>
 *   <li>{@code start} checks every analysis first through
 *       {@link dev.rollout.core.analysis.AnalysisLauncher#check} (templates, args, secrets,
 *       provider blocks), with the messages of {@code rollout lint}.</li>
 *   <li>A basic canary's split per step follows {@link dev.rollout.core.canary.CanaryReplicaMath};
 *       on the way there it never runs more than R + maxSurge pods nor fewer than
 *       R − maxUnavailable available ones. With a router the stable side stays at R (unless
 *       {@code dynamicStableScale}) and traffic moves only once the canary pods are available.</li>
 * </ul>
 */
package dev.rollout.core;
