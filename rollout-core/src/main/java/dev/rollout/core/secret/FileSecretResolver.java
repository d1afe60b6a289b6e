package dev.rollout.core.secret;

import dev.rollout.api.Secret;
import dev.rollout.api.spi.SecretResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@code secretKeyRef}s from files laid out like mounted Kubernetes Secrets: first
 * {@code <dir>/<namespace>/<name>/<key>}, then {@code <dir>/<name>/<key>}. The file's content is
 * the value, with one trailing newline removed (editors add one). Names and keys holding a path
 * separator or {@code ..} never resolve. Files are read on every call, so rotated secrets are
 * picked up. Thread-safe.
 */
public final class FileSecretResolver implements SecretResolver {
    private static final Logger LOG = LoggerFactory.getLogger(FileSecretResolver.class);
    private final Path directory;

    /** Reads secrets under {@code directory}. */
    public FileSecretResolver(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public Optional<Secret> resolve(String namespace, String name, String key) {
        if (!safe(name) || !safe(key)) {
            return Optional.empty();
        }
        if (namespace != null && safe(namespace)) {
            Optional<Secret> found = read(directory.resolve(namespace).resolve(name).resolve(key));
            if (found.isPresent()) {
                return found;
            }
        }
        return read(directory.resolve(name).resolve(key));
    }

    private static Optional<Secret> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8);
            if (value.endsWith("\r\n")) {
                value = value.substring(0, value.length() - 2);
            } else if (value.endsWith("\n")) {
                value = value.substring(0, value.length() - 1);
            }
            return Optional.of(Secret.of(value));
        } catch (IOException e) {
            LOG.warn("cannot read secret file {}: {}", file, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static boolean safe(String part) {
        return part != null && !part.isEmpty() && !part.contains("/") && !part.contains("\\")
                && !part.equals(".") && !part.contains("..");
    }

    @Override
    public String toString() {
        return "FileSecretResolver[" + directory + "]";
    }
}
