package dev.rollout.core.conductor.versions;

import dev.rollout.api.spi.StateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Wraps state stores and checks every written version of one document, in version order, by
 * replaying the history entries each write added: no cluster moves to an older revision except
 * by a ROLLED_BACK entry, only the request holding the deploy records, deploys never overlap,
 * and the replayed clusters match the document. Thread-safe.
 */
final class WriteChecker {
    private final VersionCodec codec = new VersionCodec();
    private final TreeMap<Long, String> waiting = new TreeMap<>();
    private final Map<String, Integer> replayed = new HashMap<>();
    private final Map<String, List<HistoryEntry>> endings = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
    private VersionDocument previous;
    private long checkedVersion;
    private String started;
    private int writes;

    /** A store that passes every successful write of {@code key} to this checker. */
    StateStore watch(StateStore store) {
        return new StateStore() {
            @Override
            public Optional<Stored> get(String key) {
                return store.get(key);
            }

            @Override
            public List<Stored> list() {
                return store.list();
            }

            @Override
            public long put(String key, String document, long expectedVersion) {
                long version;
                try {
                    version = store.put(key, document, expectedVersion);
                } catch (dev.rollout.api.ConflictException e) {
                    conflicts.incrementAndGet();
                    throw e;
                }
                written(version, document);
                return version;
            }

            @Override
            public void delete(String key, long expectedVersion) {
                store.delete(key, expectedVersion);
            }
        };
    }

    private synchronized void written(long version, String document) {
        waiting.put(version, document);
        // Writers return in any order; check versions one after another as they become contiguous.
        while (!waiting.isEmpty() && waiting.firstKey() == checkedVersion + 1) {
            checkedVersion++;
            check(codec.decode("checked", waiting.pollFirstEntry().getValue()));
        }
    }

    private void check(VersionDocument doc) {
        writes++;
        List<HistoryEntry> before = previous == null ? List.of() : previous.history;
        int from = 0;
        if (!before.isEmpty()) {
            from = doc.history.lastIndexOf(before.get(before.size() - 1)) + 1;
            if (from == 0) {
                violation("version " + checkedVersion + " lost the history written before it");
                return;
            }
        }
        String holder = previous == null || previous.deploying == null ? null
                : previous.deploying.requestId();
        for (HistoryEntry e : doc.history.subList(from, doc.history.size())) {
            replay(e, holder);
        }
        Map<String, Integer> actual = new HashMap<>();
        doc.clusters.forEach((name, c) -> actual.put(name, Releases.number(c.revision().id())));
        if (!actual.equals(replayed)) {
            violation("version " + checkedVersion + ": clusters " + actual + " but history says " + replayed);
        }
        if (doc.pending != null && doc.deploying == null) {
            violation("version " + checkedVersion + ": pending without a deploy in flight");
        }
        previous = doc;
    }

    private void replay(HistoryEntry e, String holder) {
        switch (e.kind()) {
            case DEPLOYED -> {
                int now = Releases.number(e.revision());
                Integer had = replayed.get(e.cluster());
                if (had != null && now < had) {
                    violation(e.cluster() + " moved from v" + had + " to older v" + now + " by " + e);
                }
                replayed.put(e.cluster(), now);
                requireHolder(e, holder);
            }
            case ROLLED_BACK -> {
                replayed.put(e.cluster(), Releases.number(e.revision()));
                requireHolder(e, holder);
            }
            case STARTED -> {
                if (started != null) {
                    violation(e.requestId() + " started while " + started + " was in flight");
                }
                started = e.requestId();
                requireHolder(e, holder);
            }
            case FAILED -> requireHolder(e, holder);
            case FINISHED -> {
                requireHolder(e, holder);
                if (!e.requestId().equals(started)) {
                    violation(e.requestId() + " finished without starting");
                }
                started = null;
                ending(e);
            }
            case REFUSED, SUPERSEDED -> ending(e);
            default -> {
            }
        }
    }

    private void requireHolder(HistoryEntry e, String holder) {
        if (!e.requestId().equals(holder)) {
            violation(e + " written while " + holder + " held the deploy");
        }
    }

    private void ending(HistoryEntry e) {
        endings.computeIfAbsent(e.requestId(), id -> new ArrayList<>()).add(e);
    }

    private void violation(String message) {
        if (violations.size() < 20) {
            violations.add(message);
        }
    }

    synchronized List<String> violations() {
        List<String> all = new ArrayList<>(violations);
        if (!waiting.isEmpty()) {
            all.add("writes never checked: versions " + waiting.keySet() + " after " + checkedVersion);
        }
        return all;
    }

    /** The FINISHED, REFUSED and SUPERSEDED entries of each request. */
    synchronized Map<String, List<HistoryEntry>> endings() {
        return Map.copyOf(endings);
    }

    int conflicts() {
        return conflicts.get();
    }

    synchronized int writes() {
        return writes;
    }
}
