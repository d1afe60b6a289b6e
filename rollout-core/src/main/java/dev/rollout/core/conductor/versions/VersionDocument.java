package dev.rollout.core.conductor.versions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The mutable working copy of one environment's document inside a compare-and-set attempt:
 * read, changed by one operation, written back (or dropped when nothing changed). Not
 * thread-safe; each attempt has its own.
 */
final class VersionDocument {
    final String service;
    final String environment;
    final Map<String, ClusterVersion> clusters = new TreeMap<>();
    DeployTicket deploying;
    DeployTicket pending;
    final List<HistoryEntry> history = new ArrayList<>();
    private boolean changed;

    VersionDocument(String service, String environment) {
        this.service = service;
        this.environment = environment;
    }

    /** Appends an entry, cutting its message so a document stays far below a ConfigMap's 1 MiB. */
    void record(HistoryEntry entry) {
        String message = entry.message();
        if (message.length() > VersionStore.MESSAGE_LIMIT) {
            message = message.substring(0, VersionStore.MESSAGE_LIMIT - 1) + "…";
            entry = new HistoryEntry(entry.time(), entry.kind(), entry.requestId(), entry.revision(),
                    entry.cluster(), message);
        }
        history.add(entry);
        changed = true;
    }

    /** Drops the oldest entries beyond {@code limit}. */
    void trimHistory(int limit) {
        if (history.size() > limit) {
            history.subList(0, history.size() - limit).clear();
        }
    }

    void setDeploying(DeployTicket ticket) {
        deploying = ticket;
        changed = true;
    }

    void setPending(DeployTicket ticket) {
        pending = ticket;
        changed = true;
    }

    void setCluster(ClusterVersion version) {
        clusters.put(version.cluster(), version);
        changed = true;
    }

    /** Whether this attempt changed anything, so it must be written. */
    boolean changed() {
        return changed;
    }

    String name() {
        return service + "/" + environment;
    }

    EnvironmentVersions snapshot() {
        return new EnvironmentVersions(service, environment, clusters,
                Optional.ofNullable(deploying), Optional.ofNullable(pending), history);
    }
}
