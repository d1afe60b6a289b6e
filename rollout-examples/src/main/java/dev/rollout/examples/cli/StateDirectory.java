package dev.rollout.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.spi.StateStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of a directory a {@code FileStateStore} wrote: it reads the documents and never
 * writes (no lock file, no clean-up of temporary files), so {@code rollout status} may look at a
 * directory a running deploy uses. Writing through it is a programming error.
 */
final class StateDirectory implements StateStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Stored> documents;

    private StateDirectory(List<Stored> documents) {
        this.documents = documents;
    }

    /**
     * Reads every document of {@code dir}; a file that is not a state document is bad input
     * naming the file.
     *
     * @throws BadInputException if the directory is missing, not a directory or unreadable
     */
    static StateDirectory read(Path dir) {
        if (!Files.exists(dir)) {
            throw new BadInputException("--state-dir " + dir + ": no such directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("--state-dir " + dir + ": not a directory");
        }
        List<Stored> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                // Dot files are the lock and a writer's temporary files.
                if (!file.getFileName().toString().startsWith(".") && Files.isRegularFile(file)) {
                    all.add(document(file));
                }
            }
        } catch (IOException e) {
            throw new BadInputException("--state-dir " + dir + ": cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        all.sort(Comparator.comparing(Stored::key));
        return new StateDirectory(List.copyOf(all));
    }

    private static Stored document(Path file) {
        JsonNode node;
        try {
            node = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw problem(file, "", "not a state document (" + e.getClass().getSimpleName() + ")");
        }
        if (node == null || !node.path("key").isTextual() || !node.path("document").isTextual()
                || !node.path("version").canConvertToLong()) {
            throw problem(file, "key", "not a state document: needs string fields key and document"
                    + " and a version");
        }
        return new Stored(node.get("key").asText(), node.get("document").asText(),
                node.get("version").asLong());
    }

    static InvalidSpecException problem(Path file, String field, String message) {
        return new InvalidSpecException(new SpecProblem(file.toString(), 0, field, message));
    }

    @Override
    public Optional<Stored> get(String key) {
        return documents.stream().filter(d -> d.key().equals(key)).findFirst();
    }

    @Override
    public List<Stored> list() {
        return documents;
    }

    @Override
    public long put(String key, String document, long expectedVersion) {
        throw new UnsupportedOperationException("rollout status never writes the state directory");
    }

    @Override
    public void delete(String key, long expectedVersion) {
        throw new UnsupportedOperationException("rollout status never writes the state directory");
    }
}
