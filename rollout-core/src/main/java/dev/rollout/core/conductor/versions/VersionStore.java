package dev.rollout.core.conductor.versions;

import dev.rollout.api.Clock;
import dev.rollout.api.ConflictException;
import dev.rollout.api.RolloutException;
import dev.rollout.api.model.Revision;
import dev.rollout.api.spi.StateStore;
import dev.rollout.api.spi.StateStore.Stored;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which revision runs on which cluster of each environment, the deploy queue (one deploy in
 * flight, one pending slot) and their history, kept in a {@link StateStore} as one JSON document
 * per service and environment under {@code deploys/<service>/<environment>}. Every operation is a
 * compare-and-set loop (read, decide, write with the read version, retry on a conflict), so
 * processes sharing a store (a {@code FileStateStore} directory, a Kubernetes namespace) cannot
 * regress a cluster or run two deploys at once. Thread-safe.
 */
public final class VersionStore {
    /**
     * History entries kept per environment by default, oldest dropped first: with messages cut at
     * {@link #MESSAGE_LIMIT} a document stays far below a ConfigMap's 1 MiB.
     */
    public static final int DEFAULT_HISTORY_LIMIT = 200;
    /** Longer history messages are cut to this many characters. */
    public static final int MESSAGE_LIMIT = 1000;
    /** The prefix of every key this store writes. */
    public static final String KEY_PREFIX = "deploys/";
    private static final Logger LOG = LoggerFactory.getLogger(VersionStore.class);
    private static final int MAX_ATTEMPTS = 1000;

    private final StateStore store;
    private final Clock clock;
    private final int historyLimit;
    private final VersionCodec codec = new VersionCodec();

    /** A version store over {@code store}, stamping records with {@code clock}, keeping {@value #DEFAULT_HISTORY_LIMIT} history entries. */
    public VersionStore(StateStore store, Clock clock) {
        this(store, clock, DEFAULT_HISTORY_LIMIT);
    }

    /** A version store keeping the last {@code historyLimit} (at least 10) history entries per environment. */
    public VersionStore(StateStore store, Clock clock, int historyLimit) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (historyLimit < 10) {
            throw new IllegalArgumentException("historyLimit must be at least 10, was " + historyLimit);
        }
        this.historyLimit = historyLimit;
    }

    /** The state store key of an environment: {@code deploys/<service>/<environment>}. */
    public static String key(String service, String environment) {
        return KEY_PREFIX + requireName(service, "service") + "/"
                + requireName(environment, "environment");
    }

    /** What an environment runs; empty (no clusters, no history) when nothing is stored. */
    public EnvironmentVersions get(String service, String environment) {
        String key = key(service, environment);
        return store.get(key).map(s -> decode(key, s, service, environment).snapshot())
                .orElseGet(() -> EnvironmentVersions.empty(service, environment));
    }

    /** Every environment stored for a service, by environment name; possibly empty. */
    public List<EnvironmentVersions> list(String service) {
        String prefix = KEY_PREFIX + requireName(service, "service") + "/";
        List<EnvironmentVersions> out = new ArrayList<>();
        for (Stored s : store.list()) {
            String environment = s.key().startsWith(prefix) ? s.key().substring(prefix.length()) : "";
            if (!environment.isEmpty() && environment.indexOf('/') < 0) {
                out.add(decode(s.key(), s, service, environment).snapshot());
            }
        }
        out.sort(Comparator.comparing(EnvironmentVersions::environment));
        return List.copyOf(out);
    }

    /** The deploy in flight, for a restarted conductor to resume (see {@link EnvironmentVersions#clustersDone()}). */
    public Optional<DeployTicket> inFlight(String service, String environment) {
        return get(service, environment).deploying();
    }

    /**
     * Admits a deploy request by the release order ({@code order.compare(a, b) > 0}: a is
     * newer), treating the recorded clusters as the environment's clusters.
     */
    public Admission submit(String service, String environment, DeployTicket ticket,
            Comparator<Revision> order) {
        return submit(service, environment, ticket, order, List.of());
    }

    /**
     * Admits a deploy request. It is refused when older than the revision on any recorded
     * cluster or not newer than the one deploying; it waits when a deploy runs (superseding an
     * older pending request, or superseded at once by a newer one); it is up to date when nothing
     * deploys and every one of {@code clusters} (the environment's declared clusters; empty: the
     * recorded ones) runs it. Refusals and supersessions are recorded in the history.
     */
    public Admission submit(String service, String environment, DeployTicket ticket,
            Comparator<Revision> order, Collection<String> clusters) {
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(order, "order");
        List<String> declared = List.copyOf(clusters);
        Admission admission = update(service, environment,
                (doc, now) -> QueueRules.admit(doc, ticket, order, declared, now));
        LOG.info("deploy request {} of {} to {}/{}: {}", ticket.requestId(), ticket.revision().id(),
                service, environment, admission.getClass().getSimpleName());
        return admission;
    }

    /** Records that the deploy held by {@code requestId} started running. */
    public void started(String service, String environment, String requestId) {
        update(service, environment, (doc, now) -> {
            DeployTicket held = holding(doc, requestId, "start");
            doc.record(QueueRules.entry(now, HistoryEntry.Kind.STARTED, held, "owner " + held.owner()));
            return null;
        });
    }

    /** Records that the deploy held by {@code requestId} waits for an approval; it stays in flight. */
    public void waitingForApproval(String service, String environment, String requestId,
            String message) {
        update(service, environment, (doc, now) -> {
            DeployTicket held = holding(doc, requestId, "wait for approval");
            doc.record(QueueRules.entry(now, HistoryEntry.Kind.WAITING_FOR_APPROVAL, held, message));
            return null;
        });
    }

    /**
     * Records that {@code cluster} runs the revision of the deploy held by {@code requestId}.
     * Recording the same again is a no-op, so a resumed deploy may repeat it.
     *
     * @throws DeployConflictException if {@code requestId} no longer holds the deploy, or the
     *     cluster runs a newer revision
     */
    public void clusterDeployed(String service, String environment, String requestId,
            String cluster, Revision revision, Comparator<Revision> order) {
        requireName(cluster, "cluster");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(order, "order");
        update(service, environment, (doc, now) -> {
            DeployTicket held = holding(doc, requestId, "record cluster " + cluster);
            if (!QueueRules.same(held.revision(), revision)) {
                throw new IllegalArgumentException("request " + requestId + " deploys "
                        + held.revision().id() + " to " + doc.name() + ", not " + revision.id());
            }
            ClusterVersion current = doc.clusters.get(cluster);
            String message;
            if (current == null) {
                doc.setCluster(new ClusterVersion(cluster, revision, now, requestId, Optional.empty()));
                message = "first revision recorded on this cluster";
            } else if (QueueRules.same(current.revision(), revision)) {
                if (current.requestId().equals(requestId)) {
                    return null;
                }
                doc.setCluster(new ClusterVersion(cluster, revision, current.since(), requestId,
                        current.previous()));
                message = "already ran it since " + current.since();
            } else if (QueueRules.compare(order, revision, current.revision(), doc) <= 0) {
                throw new DeployConflictException("cluster " + cluster + " of " + doc.name()
                        + " runs " + current.revision().id() + ", which is newer than "
                        + revision.id() + "; a cluster moves to an older revision only by a rollback");
            } else {
                doc.setCluster(new ClusterVersion(cluster, revision, now, requestId,
                        Optional.of(current.revision())));
                message = "from " + current.revision().id();
            }
            doc.record(new HistoryEntry(now, HistoryEntry.Kind.DEPLOYED, requestId, revision.id(),
                    cluster, message));
            return null;
        });
    }

    /** Records that {@code cluster} (null: a gate or hook of the environment) failed the held deploy. */
    public void clusterFailed(String service, String environment, String requestId, String cluster,
            String message) {
        update(service, environment, (doc, now) -> {
            DeployTicket held = holding(doc, requestId, "record a failure");
            doc.record(new HistoryEntry(now, HistoryEntry.Kind.FAILED, requestId,
                    held.revision().id(), cluster, message));
            return null;
        });
    }

    /**
     * Records that the held deploy returned {@code cluster} to {@code to} (onFailure: rollback);
     * the one way besides {@link #rollbackTo} a cluster moves to an older revision.
     */
    public void clusterRolledBack(String service, String environment, String requestId,
            String cluster, Revision to) {
        Objects.requireNonNull(to, "to");
        update(service, environment, (doc, now) -> {
            DeployTicket held = holding(doc, requestId, "roll back cluster " + cluster);
            return rollBack(doc, now, cluster, to, held.requestId(),
                    "onFailure: rollback of " + held.revision().id());
        });
    }

    /**
     * Ends the deploy held by {@code requestId} and hands the pending request, if any, the
     * deploy in the same write: the caller runs the returned ticket next.
     *
     * @throws IllegalArgumentException for {@link DeployResult#WaitingForApproval}, which is no end
     * @throws DeployConflictException if {@code requestId} no longer holds the deploy
     */
    public Optional<DeployTicket> finish(String service, String environment, String requestId,
            DeployResult result, String message) {
        Objects.requireNonNull(result, "result");
        if (result == DeployResult.WaitingForApproval) {
            throw new IllegalArgumentException("a deploy waiting for approval is still in flight: "
                    + "record it with waitingForApproval and finish it after the approval");
        }
        Optional<DeployTicket> next = update(service, environment, (doc, now) -> {
            DeployTicket held = holding(doc, requestId, "finish");
            String text = message == null || message.isBlank() ? result.name()
                    : result.name() + ": " + message;
            doc.record(QueueRules.entry(now, HistoryEntry.Kind.FINISHED, held, text));
            DeployTicket promoted = doc.pending;
            doc.setDeploying(promoted);
            doc.setPending(null);
            return Optional.ofNullable(promoted);
        });
        LOG.info("deploy request {} to {}/{} finished: {}{}", requestId, service, environment,
                result, next.map(t -> "; request " + t.requestId() + " (" + t.revision().id()
                        + ") deploys next").orElse(""));
        return next;
    }

    /**
     * Deliberately returns {@code cluster} to {@code to}, recorded as {@code ROLLED_BACK} with
     * {@code reason}; the exception to "never older", so it requires nothing deploying. A no-op
     * when the cluster already runs {@code to}.
     *
     * @throws DeployConflictException if a deploy is in flight
     */
    public void rollbackTo(String service, String environment, String cluster, Revision to,
            String reason) {
        Objects.requireNonNull(to, "to");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a rollback needs a reason");
        }
        String requestId = "rollback-" + UUID.randomUUID();
        update(service, environment, (doc, now) -> {
            if (doc.deploying != null) {
                throw new DeployConflictException("cannot roll back cluster " + cluster + " of "
                        + doc.name() + ": request " + doc.deploying.requestId() + " ("
                        + doc.deploying.revision().id() + ") is deploying; roll back after it finishes");
            }
            return rollBack(doc, now, cluster, to, requestId, reason);
        });
    }

    /**
     * Hands the in-flight deploy {@code requestId} to {@code newOwner} (its previous owner died);
     * empty when that request is not in flight (it finished meanwhile), so nothing is taken.
     */
    public Optional<DeployTicket> takeOver(String service, String environment, String requestId,
            String newOwner) {
        Objects.requireNonNull(newOwner, "newOwner");
        return update(service, environment, (doc, now) -> {
            DeployTicket held = doc.deploying;
            if (held == null || !held.requestId().equals(requestId)) {
                return Optional.<DeployTicket>empty();
            }
            if (!held.owner().equals(newOwner)) {
                doc.setDeploying(held.withOwner(newOwner));
                doc.record(QueueRules.entry(now, HistoryEntry.Kind.TAKEN_OVER, held,
                        "from " + held.owner() + " to " + newOwner));
            }
            return Optional.of(doc.deploying);
        });
    }

    private static Void rollBack(VersionDocument doc, Instant now, String cluster, Revision to,
            String requestId, String reason) {
        ClusterVersion current = doc.clusters.get(cluster);
        if (current == null) {
            throw new IllegalArgumentException("cluster " + cluster + " of " + doc.name()
                    + " has no recorded revision to roll back from");
        }
        if (QueueRules.same(current.revision(), to)) {
            return null;
        }
        doc.setCluster(new ClusterVersion(cluster, to, now, requestId,
                Optional.of(current.revision())));
        doc.record(new HistoryEntry(now, HistoryEntry.Kind.ROLLED_BACK, requestId, to.id(), cluster,
                "from " + current.revision().id() + ": " + reason));
        return null;
    }

    /** The fence: only the request holding the deploy may record for it. */
    private static DeployTicket holding(VersionDocument doc, String requestId, String action) {
        Objects.requireNonNull(requestId, "requestId");
        DeployTicket held = doc.deploying;
        if (held == null || !held.requestId().equals(requestId)) {
            throw new DeployConflictException("request " + requestId + " cannot " + action + " on "
                    + doc.name() + ": it does not hold the deploy ("
                    + (held == null ? "nothing is deploying"
                            : "request " + held.requestId() + " of " + held.revision().id()
                                    + " is deploying, owned by " + held.owner()) + ")");
        }
        return held;
    }

    /** Read, decide, write with the read version; a lost compare-and-set starts over. */
    private <T> T update(String service, String environment,
            BiFunction<VersionDocument, Instant, T> operation) {
        String key = key(service, environment);
        for (int attempt = 1; ; attempt++) {
            Optional<Stored> stored = store.get(key);
            VersionDocument doc = stored.map(s -> decode(key, s, service, environment))
                    .orElseGet(() -> new VersionDocument(service, environment));
            T result = operation.apply(doc, clock.instant());
            if (!doc.changed()) {
                return result;
            }
            doc.trimHistory(historyLimit);
            try {
                store.put(key, codec.encode(doc), stored.map(Stored::version).orElse(0L));
                return result;
            } catch (ConflictException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new ConflictException("gave up writing " + key + " after " + attempt
                            + " conflicting writers: " + e.getMessage());
                }
                LOG.debug("{} changed concurrently, retrying (attempt {})", key, attempt);
                Thread.yield();
            }
        }
    }

    private VersionDocument decode(String key, Stored stored, String service, String environment) {
        VersionDocument doc = codec.decode(key, stored.document());
        if (!doc.service.equals(service) || !doc.environment.equals(environment)) {
            throw new RolloutException("corrupt version document '" + key + "': it holds "
                    + doc.name() + "; repair or delete it");
        }
        return doc;
    }

    private static String requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank() || name.indexOf('/') >= 0 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " name must be non-blank without '/' or "
                    + "control characters, was '" + name + "'");
        }
        return name;
    }

    @Override
    public String toString() {
        return "VersionStore[" + store + "]";
    }
}
