package dev.rollout.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.ConflictException;
import dev.rollout.api.spi.StateStore.Stored;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compare-and-set holds between two processes sharing a state directory. */
class FileStateStoreCrossProcessTest {
    private static final String KEY = "shared/counter";
    private static final int INCREMENTS = 100;

    @TempDir
    Path dir;
    @TempDir
    Path logs;

    @Test
    void twoProcessesIncrementingOneCounterLoseNoUpdate() throws Exception {
        FileStateStore store = new FileStateStore(dir);
        store.put(KEY, "0", 0);
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp",
                System.getProperty("java.class.path"), Counter.class.getName(), dir.toString(),
                Integer.toString(INCREMENTS))
                .redirectError(logs.resolve("child.log").toFile())
                .start();
        try {
            // Both processes start writing together, or the child's start-up would keep them apart.
            BufferedReader fromChild = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(fromChild.readLine()).isEqualTo("ready");
            child.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            child.getOutputStream().flush();
            increment(store, INCREMENTS);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child finished").isTrue();
            assertThat(child.exitValue()).as("child exit code; its log:%n%s",
                    Files.readString(logs.resolve("child.log"))).isZero();
        } finally {
            child.destroyForcibly();
        }

        assertThat(store.get(KEY).orElseThrow().document()).isEqualTo(Integer.toString(2 * INCREMENTS));
    }

    private static void increment(FileStateStore store, int times) {
        for (int done = 0; done < times; ) {
            Stored current = store.get(KEY).orElseThrow();
            try {
                store.put(KEY, Integer.toString(Integer.parseInt(current.document()) + 1),
                        current.version());
                done++;
            } catch (ConflictException lost) {
                // The other process wrote first: read again.
            }
        }
    }

    /** The child process: increments the counter in the directory given as first argument. */
    public static final class Counter {
        public static void main(String[] args) throws IOException {
            FileStateStore store = new FileStateStore(Paths.get(args[0]));
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            increment(store, Integer.parseInt(args[1]));
        }
    }
}
