package dev.rollout.core.conductor.versions;

import dev.rollout.api.RolloutException;
import dev.rollout.api.model.Revision;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * The admission rules of the deploy queue, applied to one read of the document (the caller
 * retries on a lost compare-and-set, so every decision is made on fresh state). Release order
 * decides, never arrival time.
 */
final class QueueRules {
    private QueueRules() {
    }

    static Admission admit(VersionDocument doc, DeployTicket ticket, Comparator<Revision> order,
            Collection<String> declaredClusters, Instant now) {
        Revision wanted = ticket.revision();
        DeployTicket deploying = doc.deploying;
        DeployTicket pending = doc.pending;
        for (DeployTicket held : new DeployTicket[] {deploying, pending}) {
            if (held != null && held.requestId().equals(ticket.requestId())) {
                if (!same(held.revision(), wanted)) {
                    throw new IllegalArgumentException("request id '" + ticket.requestId()
                            + "' of " + doc.name() + " is already used for revision "
                            + held.revision().id() + ", not " + wanted.id());
                }
                return new Admission.Duplicate(held);
            }
        }
        if (deploying != null && same(deploying.revision(), wanted)) {
            return new Admission.Duplicate(deploying);
        }
        if (pending != null && same(pending.revision(), wanted)) {
            return new Admission.Duplicate(pending);
        }
        Optional<ClusterVersion> newerOnCluster = newestNewerCluster(doc, wanted, order);
        if (newerOnCluster.isPresent()) {
            ClusterVersion c = newerOnCluster.get();
            return refuse(doc, ticket, c.revision(), now, "revision " + wanted.id() + " (request "
                    + ticket.requestId() + ") is older than " + c.revision().id()
                    + ", which runs on cluster " + c.cluster() + " of " + doc.name()
                    + "; going back is a deliberate rollback, not a deploy");
        }
        if (deploying == null) {
            if (upToDate(doc, wanted, declaredClusters)) {
                return new Admission.UpToDate(wanted);
            }
            doc.setDeploying(ticket);
            doc.record(entry(now, HistoryEntry.Kind.REQUESTED, ticket, "runs now"));
            return new Admission.Run(ticket);
        }
        if (compare(order, wanted, deploying.revision(), doc) <= 0) {
            return refuse(doc, ticket, deploying.revision(), now, "revision " + wanted.id()
                    + " (request " + ticket.requestId() + ") is not newer than "
                    + deploying.revision().id() + ", which is deploying to " + doc.name()
                    + " (request " + deploying.requestId() + ")");
        }
        if (pending == null) {
            doc.setPending(ticket);
            doc.record(entry(now, HistoryEntry.Kind.REQUESTED, ticket, "pending after request "
                    + deploying.requestId() + " (" + deploying.revision().id() + ")"));
            return new Admission.Pending(ticket, Optional.empty());
        }
        if (compare(order, wanted, pending.revision(), doc) > 0) {
            doc.record(entry(now, HistoryEntry.Kind.SUPERSEDED, pending, "superseded by request "
                    + ticket.requestId() + " for newer revision " + wanted.id()));
            doc.setPending(ticket);
            doc.record(entry(now, HistoryEntry.Kind.REQUESTED, ticket, "pending after request "
                    + deploying.requestId() + " (" + deploying.revision().id() + "), superseding "
                    + pending.requestId() + " (" + pending.revision().id() + ")"));
            return new Admission.Pending(ticket, Optional.of(pending));
        }
        doc.record(entry(now, HistoryEntry.Kind.SUPERSEDED, ticket, "revision " + wanted.id()
                + " is newer than deploying " + deploying.revision().id() + " but not newer than "
                + pending.revision().id() + " (request " + pending.requestId()
                + "), which is pending and runs instead"));
        return new Admission.Superseded(ticket, pending);
    }

    private static Admission refuse(VersionDocument doc, DeployTicket ticket, Revision newer,
            Instant now, String reason) {
        doc.record(entry(now, HistoryEntry.Kind.REFUSED, ticket, reason));
        return new Admission.Refused(ticket, newer, reason);
    }

    /** The newest cluster revision the wanted one is older than, if any. */
    private static Optional<ClusterVersion> newestNewerCluster(VersionDocument doc, Revision wanted,
            Comparator<Revision> order) {
        ClusterVersion newest = null;
        for (ClusterVersion c : doc.clusters.values()) {
            if (!same(c.revision(), wanted) && compare(order, wanted, c.revision(), doc) < 0
                    && (newest == null || compare(order, c.revision(), newest.revision(), doc) > 0)) {
                newest = c;
            }
        }
        return Optional.ofNullable(newest);
    }

    private static boolean upToDate(VersionDocument doc, Revision wanted, Collection<String> declared) {
        Collection<String> clusters = declared.isEmpty() ? doc.clusters.keySet() : declared;
        return !clusters.isEmpty() && clusters.stream().allMatch(name -> {
            ClusterVersion c = doc.clusters.get(name);
            return c != null && same(c.revision(), wanted);
        });
    }

    static boolean same(Revision a, Revision b) {
        return a.id().equals(b.id());
    }

    /** The release order, with the environment named when the order cannot place a revision. */
    static int compare(Comparator<Revision> order, Revision a, Revision b, VersionDocument doc) {
        try {
            return order.compare(a, b);
        } catch (RolloutException e) {
            throw new RolloutException("cannot tell whether revision " + a.id() + " is newer than "
                    + b.id() + " for " + doc.name() + ": " + e.getMessage(), e);
        }
    }

    static HistoryEntry entry(Instant now, HistoryEntry.Kind kind, DeployTicket ticket,
            String message) {
        return new HistoryEntry(now, kind, ticket.requestId(), ticket.revision().id(), null, message);
    }
}
