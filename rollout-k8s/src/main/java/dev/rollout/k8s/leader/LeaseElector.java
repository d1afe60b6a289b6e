package dev.rollout.k8s.leader;

import com.google.gson.JsonObject;
import dev.rollout.api.Clock;
import dev.rollout.api.RolloutException;
import dev.rollout.api.Scheduler;
import dev.rollout.k8s.RolloutLabels;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.internal.Gvr;
import dev.rollout.k8s.internal.Json;
import dev.rollout.k8s.internal.Kube;
import dev.rollout.k8s.internal.KubeCallException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease, so two replicas of an embedding
 * tool never drive the same rollouts. Works like client-go's: a lease held by someone else is
 * taken over only after it went unrenewed for {@code leaseDuration} as seen on this process's
 * own clock (no trust in other clocks); every change is a compare-and-set on the Lease's
 * resourceVersion; a leader that cannot renew within {@code renewDeadline} steps down.
 * Thread-safe.
 */
public final class LeaseElector {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseElector.class);
    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

    private final Kube kube;
    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private final Clock clock;
    private final Scheduler scheduler;
    private final LeadershipListener listener;

    private String observedRecord;
    private Instant observedAt = Instant.EPOCH;
    private Instant lastRenewed = Instant.EPOCH;
    private boolean leader;
    private boolean running;
    private Scheduler.Cancellable next;

    private LeaseElector(Builder b) {
        this.kube = new Kube(b.connection.client());
        this.namespace = b.namespace;
        this.leaseName = b.leaseName;
        this.identity = b.identity;
        this.leaseDuration = b.leaseDuration;
        this.renewDeadline = b.renewDeadline;
        this.retryPeriod = b.retryPeriod;
        this.clock = b.scheduler == null ? b.clock : b.scheduler.clock();
        this.scheduler = b.scheduler;
        this.listener = b.listener;
    }

    /** A builder for an elector on {@code namespace/leaseName} under {@code identity}. */
    public static Builder builder(KubernetesConnection connection, String namespace,
            String leaseName, String identity) {
        return new Builder(connection, namespace, leaseName, identity);
    }

    /** This elector's identity (the Lease's {@code holderIdentity} while it leads). */
    public String identity() {
        return identity;
    }

    /** Whether this process leads now: it holds the lease and renewed it within the deadline. */
    public synchronized boolean isLeader() {
        return leader && clock.instant().isBefore(lastRenewed.plus(renewDeadline));
    }

    /**
     * One election round: acquires a free or expired lease, or renews our own. Returns whether
     * this process leads afterwards. Never throws: API failures count as a failed round.
     */
    public synchronized boolean tryAcquireOrRenew() {
        boolean won;
        try {
            won = attempt();
        } catch (RuntimeException e) {
            LOG.warn("lease {}/{}: election round of {} failed: {}", namespace, leaseName,
                    identity, e.getMessage());
            won = false;
        }
        Instant now = clock.instant();
        if (won) {
            lastRenewed = now;
            if (!leader) {
                leader = true;
                LOG.info("lease {}/{}: {} is now the leader", namespace, leaseName, identity);
                notify(true);
            }
        } else if (leader && !now.isBefore(lastRenewed.plus(renewDeadline))) {
            leader = false;
            LOG.warn("lease {}/{}: {} could not renew and steps down", namespace, leaseName,
                    identity);
            notify(false);
        }
        return isLeader();
    }

    private boolean attempt() {
        Instant now = clock.instant();
        Optional<JsonObject> found = kube.get(Gvr.LEASES, namespace, leaseName);
        if (found.isEmpty()) {
            try {
                kube.create(Gvr.LEASES, newLease(now));
                observe(newLeaseRecord(now), now);
                return true;
            } catch (KubeCallException e) {
                if (e.code() == 409) {
                    return false;
                }
                throw e;
            }
        }
        JsonObject lease = found.get();
        String holder = Json.str(lease, "spec", "holderIdentity").orElse("");
        String record = Json.obj(lease, "spec").map(JsonObject::toString).orElse("");
        if (!record.equals(observedRecord)) {
            observe(record, now);
        }
        boolean ours = identity.equals(holder);
        if (!ours && !holder.isEmpty() && now.isBefore(observedAt.plus(leaseDuration))) {
            return false;
        }
        JsonObject spec = Json.ensure(lease, "spec");
        if (!ours) {
            spec.addProperty("acquireTime", MICRO_TIME.format(now));
            spec.addProperty("leaseTransitions", Json.num(lease, 0, "spec", "leaseTransitions")
                    + (holder.isEmpty() ? 0 : 1));
        }
        spec.addProperty("holderIdentity", identity);
        spec.addProperty("leaseDurationSeconds", Math.max(1, leaseDuration.toSeconds()));
        spec.addProperty("renewTime", MICRO_TIME.format(now));
        try {
            JsonObject written = kube.replace(Gvr.LEASES, lease);
            observe(Json.obj(written, "spec").map(JsonObject::toString).orElse(""), now);
            return true;
        } catch (KubeCallException e) {
            if (e.code() == 409) {
                return false;
            }
            throw e;
        }
    }

    private void observe(String record, Instant now) {
        observedRecord = record;
        observedAt = now;
    }

    private JsonObject newLease(Instant now) {
        JsonObject lease = new JsonObject();
        lease.addProperty("kind", "Lease");
        JsonObject metadata = Json.ensure(lease, "metadata");
        metadata.addProperty("name", leaseName);
        metadata.addProperty("namespace", namespace);
        Json.ensure(metadata, "labels").addProperty(RolloutLabels.MANAGED_BY, RolloutLabels.MANAGER);
        lease.add("spec", specAt(now));
        return lease;
    }

    private String newLeaseRecord(Instant now) {
        return specAt(now).toString();
    }

    private JsonObject specAt(Instant now) {
        JsonObject spec = new JsonObject();
        spec.addProperty("holderIdentity", identity);
        spec.addProperty("leaseDurationSeconds", Math.max(1, leaseDuration.toSeconds()));
        spec.addProperty("acquireTime", MICRO_TIME.format(now));
        spec.addProperty("renewTime", MICRO_TIME.format(now));
        spec.addProperty("leaseTransitions", 0);
        return spec;
    }

    /** Runs election rounds every {@code retryPeriod} on the scheduler until {@link #stop()}. */
    public synchronized void start() {
        if (scheduler == null) {
            throw new IllegalStateException("start() needs a scheduler; set one on the builder");
        }
        if (!running) {
            running = true;
            next = scheduler.execute(this::round);
        }
    }

    private void round() {
        synchronized (this) {
            if (!running) {
                return;
            }
        }
        tryAcquireOrRenew();
        synchronized (this) {
            if (running) {
                next = scheduler.schedule(this::round, retryPeriod);
            }
        }
    }

    /** Stops the rounds and, if this process leads, releases the lease for others at once. */
    public synchronized void stop() {
        running = false;
        if (next != null) {
            next.cancel();
        }
        if (leader) {
            release();
            leader = false;
            notify(false);
        }
    }

    private void release() {
        try {
            kube.retrying("release lease " + leaseName, () -> {
                JsonObject lease = kube.get(Gvr.LEASES, namespace, leaseName).orElse(null);
                if (lease == null || !identity.equals(
                        Json.str(lease, "spec", "holderIdentity").orElse(""))) {
                    return null;
                }
                Json.ensure(lease, "spec").addProperty("holderIdentity", "");
                kube.replace(Gvr.LEASES, lease);
                return null;
            });
        } catch (RolloutException e) {
            LOG.warn("lease {}/{}: {} could not release it: {}", namespace, leaseName, identity,
                    e.getMessage());
        }
    }

    private void notify(boolean leading) {
        if (listener == null) {
            return;
        }
        try {
            if (leading) {
                listener.startedLeading();
            } else {
                listener.stoppedLeading();
            }
        } catch (RuntimeException e) {
            LOG.warn("lease {}/{}: leadership listener failed: {}", namespace, leaseName,
                    e.toString());
        }
    }

    /** Builds a {@link LeaseElector}. */
    public static final class Builder {
        private final KubernetesConnection connection;
        private final String namespace;
        private final String leaseName;
        private final String identity;
        private Duration leaseDuration = Duration.ofSeconds(15);
        private Duration renewDeadline = Duration.ofSeconds(10);
        private Duration retryPeriod = Duration.ofSeconds(2);
        private Clock clock = Clock.SYSTEM;
        private Scheduler scheduler;
        private LeadershipListener listener;

        private Builder(KubernetesConnection connection, String namespace, String leaseName,
                String identity) {
            this.connection = Objects.requireNonNull(connection, "connection");
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            this.leaseName = Objects.requireNonNull(leaseName, "leaseName");
            this.identity = Objects.requireNonNull(identity, "identity");
            if (identity.isBlank()) {
                throw new IllegalArgumentException("identity must not be blank");
            }
        }

        /** How long a lease lasts without renewal before others may take it (15 s). */
        public Builder leaseDuration(Duration d) {
            this.leaseDuration = d;
            return this;
        }

        /** How long a leader keeps leading while renewals fail (10 s; below leaseDuration). */
        public Builder renewDeadline(Duration d) {
            this.renewDeadline = d;
            return this;
        }

        /** The time between election rounds (2 s). */
        public Builder retryPeriod(Duration d) {
            this.retryPeriod = d;
            return this;
        }

        /** The clock judging expiry when no scheduler is set (system clock). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** The scheduler running rounds after {@link LeaseElector#start()}; its clock is used. */
        public Builder scheduler(Scheduler s) {
            this.scheduler = s;
            return this;
        }

        /** Told when leadership is gained or lost. */
        public Builder listener(LeadershipListener l) {
            this.listener = l;
            return this;
        }

        /** The elector; checks that renewDeadline is shorter than leaseDuration. */
        public LeaseElector build() {
            if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.isNegative()
                    || retryPeriod.isZero()) {
                throw new IllegalArgumentException("need 0 < retryPeriod and renewDeadline ("
                        + renewDeadline + ") < leaseDuration (" + leaseDuration + ")");
            }
            return new LeaseElector(this);
        }
    }
}
