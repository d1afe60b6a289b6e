package dev.rollout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.ConflictException;
import dev.rollout.api.spi.StateStore;
import dev.rollout.api.spi.StateStore.Stored;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StateStore} must show; a store proves itself by a test class
 * extending this one. JUnit creates a new test instance per test, so a subclass sets up a fresh,
 * empty store in its constructor, field initializers or a {@code @BeforeEach}.
 */
public abstract class StateStoreCompatibilityKit {
    private static final String KEY = "prod/default/checkout";

    /** The store under test, empty at the start of each test. */
    protected abstract StateStore store();

    /**
     * Another handle on the same data, as a second engine would open it (for a file store: a new
     * instance on the same directory). The concurrency tests write through both. Defaults to
     * {@link #store()}.
     */
    protected StateStore sameDataElsewhere() {
        return store();
    }

    @Test
    void aMissingKeyIsEmpty() {
        assertThat(store().get(KEY)).isEmpty();
        assertThat(store().list()).isEmpty();
    }

    @Test
    void aNewKeyIsWrittenWithExpectedVersionZero() {
        long version = store().put(KEY, "{\"step\":1}", 0);

        assertThat(version).isPositive();
        assertThat(store().get(KEY)).contains(new Stored(KEY, "{\"step\":1}", version));
        assertThat(sameDataElsewhere().get(KEY)).contains(new Stored(KEY, "{\"step\":1}", version));
    }

    @Test
    void everyWriteIncreasesTheVersion() {
        long first = store().put(KEY, "a", 0);
        long second = store().put(KEY, "b", first);
        long third = store().put(KEY, "c", second);

        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(store().get(KEY).orElseThrow().version()).isEqualTo(third);
        assertThat(store().get(KEY).orElseThrow().document()).isEqualTo("c");
    }

    @Test
    void aStaleVersionConflictsAndChangesNothing() {
        long first = store().put(KEY, "a", 0);
        long second = store().put(KEY, "b", first);

        assertThatThrownBy(() -> store().put(KEY, "stale", first))
                .isInstanceOf(ConflictException.class).hasMessageContaining(KEY);
        assertThatThrownBy(() -> store().put(KEY, "again", 0))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store().put("absent", "x", 5))
                .isInstanceOf(ConflictException.class);
        assertThat(store().get(KEY)).contains(new Stored(KEY, "b", second));
        assertThat(store().get("absent")).isEmpty();
    }

    @Test
    void listReturnsEveryDocument() {
        long a = store().put("a", "one", 0);
        long b = store().put("b/c", "two", 0);

        assertThat(store().list()).containsExactlyInAnyOrder(
                new Stored("a", "one", a), new Stored("b/c", "two", b));
    }

    @Test
    void deleteNeedsTheCurrentVersionAndAMissingKeyIsNoError() {
        long version = store().put(KEY, "a", 0);

        assertThatThrownBy(() -> store().delete(KEY, version + 1))
                .isInstanceOf(ConflictException.class);
        assertThat(store().get(KEY)).isPresent();
        store().delete(KEY, version);
        store().delete(KEY, version);
        store().delete("never-written", 3);

        assertThat(store().get(KEY)).isEmpty();
        assertThat(store().list()).isEmpty();
        assertThat(store().put(KEY, "again", 0)).isPositive();
    }

    @Test
    void keysAndDocumentsRoundTripExactly() {
        List<String> keys = List.of("a", "A", "with space", "../../etc/passwd", ".hidden",
                "ns:name", "ümlaut/ß", "x".repeat(400), "x".repeat(399) + "y", "%41", "con");
        String document = "line 1\nline 2\t\"quoted\" \\ ünicode \u2603\n";
        for (String key : keys) {
            store().put(key, document + key, 0);
        }

        for (String key : keys) {
            assertThat(store().get(key)).map(Stored::document).contains(document + key);
        }
        assertThat(store().list()).extracting(Stored::key).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void badArgumentsAreRejectedByName() {
        assertThatThrownBy(() -> store().put("", "x", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> store().put(KEY, "x", -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expectedVersion");
        assertThatThrownBy(() -> store().put(KEY, null, 0))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("document");
        assertThat(store().list()).isEmpty();
    }

    @Test
    void ofConcurrentWritersWithTheSameVersionExactlyOneWins() throws Exception {
        long start = store().put(KEY, "start", 0);
        int writers = 6;

        List<Object> outcomes = race(writers, i -> {
            StateStore store = i % 2 == 0 ? store() : sameDataElsewhere();
            return store.put(KEY, "writer " + i, start);
        });

        List<Object> versions = outcomes.stream().filter(Long.class::isInstance).toList();
        assertThat(versions).hasSize(1);
        assertThat(outcomes).filteredOn(ConflictException.class::isInstance).hasSize(writers - 1);
        Stored stored = store().get(KEY).orElseThrow();
        assertThat(stored.version()).isEqualTo(versions.get(0));
        assertThat(stored.document()).startsWith("writer ");
    }

    @Test
    void concurrentReadModifyWriteLoopsLoseNoUpdate() throws Exception {
        store().put(KEY, "0", 0);
        int writers = 4;
        int increments = 10;

        race(writers, i -> {
            StateStore store = i % 2 == 0 ? store() : sameDataElsewhere();
            for (int done = 0; done < increments; ) {
                Stored current = store.get(KEY).orElseThrow();
                try {
                    store.put(KEY, Integer.toString(Integer.parseInt(current.document()) + 1),
                            current.version());
                    done++;
                } catch (ConflictException lost) {
                    // Another writer moved first: read again and retry, as the engine does.
                }
            }
            return null;
        });

        assertThat(store().get(KEY).orElseThrow().document())
                .isEqualTo(Integer.toString(writers * increments));
    }

    /** Runs {@code task} on {@code count} threads released together; returns each result or exception. */
    private static List<Object> race(int count, Task task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<Object> call = () -> {
                    go.await();
                    return task.run(index);
                };
                futures.add(pool.submit(call));
            }
            go.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                try {
                    outcomes.add(future.get(30, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    outcomes.add(e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("a writer did not finish within 30 s", e);
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Task {
        Object run(int index) throws Exception;
    }
}
