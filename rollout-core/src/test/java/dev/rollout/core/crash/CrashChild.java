package dev.rollout.core.crash;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.spi.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process the crash suite kills: {@code CrashChild DIR KIND N OUTCOME STORE_CLASS} runs the
 * {@link CrashScenario} rollout on the journal cluster in DIR and, at the N-th cluster write
 * (KIND {@code write}: after the write is durable, before the engine saves its state) or the
 * N-th state save (KIND {@code save}: after the save), prints {@value #MARKER} and blocks until
 * the test SIGKILLs it. STORE_CLASS names a class with {@code public static StateStore open(Path)}.
 */
public final class CrashChild {
    /** Printed when the child reached its crash point and waits to be killed. */
    public static final String MARKER = "CRASH-POINT";

    private CrashChild() {
    }

    /** Runs until the crash point, or to the end (prints the final phase). */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String kind = args[1];
        int n = Integer.parseInt(args[2]);
        AnalysisPhase outcome = AnalysisPhase.valueOf(args[3]);
        StateStore store = (StateStore) Class.forName(args[4]).getMethod("open", Path.class).invoke(null, dir);
        JournalCluster cluster = JournalCluster.open(dir.resolve("cluster.log"),
                writes -> crashAt(kind.equals("write") && writes == n));
        StateStore counted = new CountingStore(store, saves -> crashAt(kind.equals("save") && saves == n));
        System.out.println("PHASE " + CrashScenario.runFromStart(dir, cluster, counted, outcome));
        System.out.flush();
    }

    private static void crashAt(boolean now) {
        if (!now) {
            return;
        }
        System.out.println(MARKER);
        System.out.flush();
        try {
            // Held here, between this write and whatever the engine does next, until SIGKILL.
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A store that reports each save once it is durable. */
    static final class CountingStore implements StateStore {
        private final StateStore delegate;
        private final java.util.function.IntConsumer afterSave;
        private final AtomicInteger saves = new AtomicInteger();

        CountingStore(StateStore delegate, java.util.function.IntConsumer afterSave) {
            this.delegate = delegate;
            this.afterSave = afterSave;
        }

        @Override
        public Optional<Stored> get(String key) {
            return delegate.get(key);
        }

        @Override
        public List<Stored> list() {
            return delegate.list();
        }

        @Override
        public long put(String key, String document, long expectedVersion) {
            long version = delegate.put(key, document, expectedVersion);
            afterSave.accept(saves.incrementAndGet());
            return version;
        }

        @Override
        public void delete(String key, long expectedVersion) {
            delegate.delete(key, expectedVersion);
        }
    }
}
