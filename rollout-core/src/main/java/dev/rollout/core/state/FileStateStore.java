package dev.rollout.core.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.api.RolloutException;
import dev.rollout.api.spi.StateStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A state store in a directory: one JSON file per key holding the key, its version and the
 * document. Writes replace a file atomically (temporary file in the same directory, fsync, atomic
 * move), so a crash leaves the old or the new document, never half of one. Compare-and-set holds
 * across threads, store instances and processes sharing the directory: each write checks and
 * replaces under a lock on the directory's {@code .lock} file. Thread-safe.
 */
public final class FileStateStore implements StateStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileStateStore.class);
    private static final String LOCK_FILE = ".lock";
    private static final String TEMP_SUFFIX = ".tmp";
    /** A JVM may hold one file lock per file, so threads and instances of one process queue here first. */
    private static final Map<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final ReentrantLock processLock;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * A store in {@code dir}, created if missing; temporary files a crashed writer left behind are
     * deleted.
     *
     * @throws RolloutException if the directory cannot be created or read
     */
    public FileStateStore(Path dir) {
        Objects.requireNonNull(dir, "dir");
        try {
            Files.createDirectories(dir);
            this.dir = dir.toRealPath();
        } catch (IOException e) {
            throw new RolloutException("cannot use state directory " + dir + ": " + e, e);
        }
        this.processLock = PROCESS_LOCKS.computeIfAbsent(this.dir, path -> new ReentrantLock());
        locked(() -> {
            deleteTempFiles();
            return null;
        });
    }

    /** The directory the documents live in. */
    public Path directory() {
        return dir;
    }

    @Override
    public Optional<Stored> get(String key) {
        StateKeys.requireKey(key);
        return read(key);
    }

    /** Every stored document, ordered by key. */
    @Override
    public List<Stored> list() {
        List<Stored> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                if (StateFileNames.isStateFile(file.getFileName().toString())) {
                    readFile(file, null).ifPresent(all::add);
                }
            }
        } catch (IOException e) {
            throw new RolloutException("cannot list state directory " + dir + ": " + e, e);
        }
        all.sort(Comparator.comparing(Stored::key));
        return List.copyOf(all);
    }

    @Override
    public long put(String key, String document, long expectedVersion) {
        StateKeys.requireKey(key);
        StateKeys.requireDocument(document);
        StateKeys.requireVersion(expectedVersion);
        return locked(() -> {
            long current = read(key).map(Stored::version).orElse(0L);
            if (current != expectedVersion) {
                throw StateKeys.conflict(key, expectedVersion, current);
            }
            long next = current + 1;
            write(fileOf(key), key, document, next);
            LOG.debug("state of '{}' stored at version {} in {}", key, next, dir);
            return next;
        });
    }

    @Override
    public void delete(String key, long expectedVersion) {
        StateKeys.requireKey(key);
        StateKeys.requireVersion(expectedVersion);
        locked(() -> {
            Optional<Stored> current = read(key);
            if (current.isEmpty()) {
                return null;
            }
            if (current.get().version() != expectedVersion) {
                throw StateKeys.conflict(key, expectedVersion, current.get().version());
            }
            Files.delete(fileOf(key));
            syncDirectory();
            LOG.debug("state of '{}' deleted from {}", key, dir);
            return null;
        });
    }

    private Path fileOf(String key) {
        return dir.resolve(StateFileNames.fileName(key));
    }

    private Optional<Stored> read(String key) {
        return readFile(fileOf(key), key);
    }

    /** Reads one file; {@code expectedKey} is null when any key whose name matches the file is fine. */
    private Optional<Stored> readFile(Path file, String expectedKey) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new RolloutException("cannot read state document " + file + ": " + e, e);
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw corrupt(file, "not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new RolloutException("cannot read state document " + file + ": " + e, e);
        }
        if (node == null || !node.isObject()) {
            throw corrupt(file, "not a JSON object");
        }
        JsonNode key = node.get("key");
        JsonNode version = node.get("version");
        JsonNode document = node.get("document");
        if (key == null || !key.isTextual()) {
            throw corrupt(file, "field 'key' is missing or not a string");
        }
        if (version == null || !version.canConvertToLong() || version.asLong() <= 0) {
            throw corrupt(file, "field 'version' is missing or not a positive integer");
        }
        if (document == null || !document.isTextual()) {
            throw corrupt(file, "field 'document' is missing or not a string");
        }
        String storedKey = key.asText();
        if (!StateFileNames.fileName(storedKey).equals(file.getFileName().toString())
                || (expectedKey != null && !expectedKey.equals(storedKey))) {
            throw corrupt(file, "it holds key '" + storedKey + "', which does not belong in this file");
        }
        return Optional.of(new Stored(storedKey, document.asText(), version.asLong()));
    }

    private static RolloutException corrupt(Path file, String reason) {
        return new RolloutException("corrupt state document " + file + ": " + reason
                + "; repair or delete the file");
    }

    private void write(Path target, String key, String document, long version) throws IOException {
        ObjectNode node = json.createObjectNode();
        node.put("key", key);
        node.put("version", version);
        node.put("document", document);
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory();
    }

    /** Makes the rename durable where the platform allows syncing a directory (not on Windows). */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.trace("cannot sync state directory {}: {}", dir, e.toString());
        }
    }

    private void deleteTempFiles() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "." + "*" + TEMP_SUFFIX)) {
            for (Path file : files) {
                LOG.info("deleting temporary state file {} left by an interrupted write", file);
                Files.deleteIfExists(file);
            }
        }
    }

    private <T> T locked(IoAction<T> action) {
        processLock.lock();
        try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            return action.run();
        } catch (IOException e) {
            throw new RolloutException("cannot write state directory " + dir + ": " + e, e);
        } finally {
            processLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FileStateStore[" + dir + "]";
    }

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }
}
