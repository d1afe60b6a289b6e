package dev.rollout.core.conductor.config;

import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import dev.rollout.core.yaml.Problems;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlNode;
import dev.rollout.core.yaml.YamlObject;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks the service config's readers share: names, paths, secrets and durations. */
final class ConfigChecks {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final String SECRET_SHAPE = "must be {secretKeyRef: {name: ..., key: ...}}"
            + " (the value is a secret, so it is read from a Secret, not written here)";

    private ConfigChecks() {
    }

    /** Whether {@code name} is a DNS-1123 label, as cluster and environment names must be. */
    static boolean isDnsLabel(String name) {
        return name.length() <= 63 && DNS_LABEL.matcher(name).matches();
    }

    /** Records a problem at {@code node} unless {@code name} is a DNS-1123 label. */
    static boolean checkDnsLabel(Problems problems, YamlNode node, String name) {
        if (isDnsLabel(name)) {
            return true;
        }
        problems.add(node, "must be a DNS-1123 label (lower-case letters, digits and '-', at most"
                + " 63 characters), was \"" + name + "\"");
        return false;
    }

    /** Reads a string item of a list, recording a problem for a blank one; null when in error. */
    static String nonBlankString(SpecReader reader, YamlNode node) {
        Optional<String> value = reader.string(node);
        if (value.isPresent() && value.get().isBlank()) {
            reader.problems().add(node, "must not be empty");
            return null;
        }
        return value.orElse(null);
    }

    /**
     * Resolves the path in {@code field} against {@code baseDir} and checks that it exists as a
     * directory ({@code directory}) or a regular file; null when missing or in error.
     */
    static Path existingPath(YamlObject object, String field, Path baseDir, boolean directory) {
        String text = object.requiredString(field);
        if (text == null) {
            return null;
        }
        YamlNode node = object.get(field).orElseThrow();
        return existingPath(object.reader().problems(), node, text, baseDir, directory);
    }

    /** As {@link #existingPath(YamlObject, String, Path, boolean)} for a value already read. */
    static Path existingPath(Problems problems, YamlNode node, String text, Path baseDir,
            boolean directory) {
        Path path;
        try {
            path = baseDir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            problems.add(node, "is not a valid path: " + e.getReason());
            return null;
        }
        if (!Files.exists(path)) {
            problems.add(node, (directory ? "directory" : "file") + " not found: " + path);
            return null;
        }
        if (directory && !Files.isDirectory(path)) {
            problems.add(node, "must be a directory, but " + path + " is a file");
            return null;
        }
        if (!directory && !Files.isRegularFile(path)) {
            problems.add(node, "must be a file, but " + path + " is a directory");
            return null;
        }
        return path;
    }

    /**
     * Reads {@code field} as {@code {secretKeyRef: {name, key}}}. A value of another shape is
     * reported without echoing it, since it may be the secret itself written in by mistake.
     */
    static Optional<SecretKeyRef> secretKeyRef(YamlObject parent, String field, boolean required) {
        Optional<YamlNode> node = parent.get(field);
        if (node.isEmpty()) {
            if (required) {
                parent.missing(field);
            }
            return Optional.empty();
        }
        SpecReader reader = parent.reader();
        if (!(node.get() instanceof YamlNode.MapNode map)) {
            reader.problems().add(node.get(), SECRET_SHAPE);
            return Optional.empty();
        }
        YamlNode inner = map.get("secretKeyRef");
        if (inner != null && !(inner instanceof YamlNode.MapNode)) {
            reader.problems().add(inner, SECRET_SHAPE);
            return Optional.empty();
        }
        YamlObject ref = reader.object(map, "secretKeyRef")
                .requiredObject("secretKeyRef", "name", "key");
        String name = ref.requiredString("name");
        String key = ref.requiredString("key");
        return name == null || key == null ? Optional.empty()
                : Optional.of(new SecretKeyRef(name, key));
    }

    /** An optional duration in Go's syntax ({@code 30s}, {@code 5m}) that must be above zero. */
    static Optional<Duration> positiveDuration(YamlObject object, String field) {
        Optional<Duration> value = object.goDuration(field);
        if (value.isPresent() && value.get().isZero()) {
            YamlNode node = object.get(field).orElseThrow();
            object.reader().problems().add(node, "must be a positive duration, was \""
                    + ((YamlNode.Scalar) node).text() + "\"");
            return Optional.empty();
        }
        return value;
    }
}
