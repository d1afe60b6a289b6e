package dev.rollout.core.conductor.config;

import dev.rollout.core.yaml.Problems;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlDocument;
import dev.rollout.core.yaml.YamlFiles;
import dev.rollout.core.yaml.YamlLimits;
import dev.rollout.core.yaml.YamlNode;
import dev.rollout.core.yaml.YamlObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads and checks a service config file ({@code apiVersion: rollout.dev/v1alpha1},
 * {@code kind: Service}; see docs/service-config.md). Either the whole config loads, or an
 * {@link dev.rollout.api.InvalidSpecException} lists every problem of the file, each as
 * {@code file:line: field: message}, as for Rollout specs; unknown fields are problems too.
 * Paths in the file are relative to its directory. Thread-safe (it keeps no state).
 */
public final class ServiceConfigLoader {
    /** The {@code apiVersion} a service config must have. */
    public static final String API_VERSION = "rollout.dev/v1alpha1";
    /** The {@code kind} a service config must have. */
    public static final String KIND = "Service";
    /** The largest file accepted, in bytes (1 MiB): a service config is a page of YAML. */
    public static final int MAX_FILE_BYTES = 1024 * 1024;
    private static final YamlLimits LIMITS = YamlLimits.defaults().withMaxFileBytes(MAX_FILE_BYTES);

    private ServiceConfigLoader() {
    }

    /**
     * Loads {@code file}, naming it as given in problems.
     *
     * @throws dev.rollout.api.InvalidSpecException with every problem found, each naming file,
     *     line and field
     */
    public static ServiceConfig load(Path file) {
        Objects.requireNonNull(file, "file");
        Problems problems = new Problems();
        String content = YamlFiles.readText(file, LIMITS, problems).orElse(null);
        ServiceConfig config = null;
        if (content != null) {
            Path absolute = file.toAbsolutePath().normalize();
            config = parse(file.toString(), content, absolute, absolute.getParent(), problems);
        }
        problems.throwIfAny();
        return config;
    }

    /**
     * Loads {@code yaml} as if read from file {@code fileName} (the name used in problems) in
     * directory {@code baseDir}, against which its paths are resolved.
     *
     * @throws dev.rollout.api.InvalidSpecException with every problem found
     */
    public static ServiceConfig parse(String fileName, String yaml, Path baseDir) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(baseDir, "baseDir");
        Problems problems = new Problems();
        Path dir = baseDir.toAbsolutePath().normalize();
        ServiceConfig config = parse(fileName, yaml, dir.resolve(fileName).normalize(), dir, problems);
        problems.throwIfAny();
        return config;
    }

    private static ServiceConfig parse(String fileName, String content, Path file, Path baseDir,
            Problems problems) {
        // Editors on Windows may start a file with a byte-order mark; it is not content.
        String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
        int mark = problems.count();
        List<YamlDocument> documents = YamlFiles.read(fileName, text, LIMITS, problems);
        if (problems.hasNewSince(mark)) {
            return null;
        }
        if (documents.isEmpty()) {
            problems.add(fileName, 0, Problems.DOCUMENT, "holds no YAML document; a service"
                    + " config needs apiVersion, kind, metadata and spec");
            return null;
        }
        for (YamlDocument extra : documents.subList(1, documents.size())) {
            problems.add(extra.root(), "a service config file holds one document, this is"
                    + " document " + (extra.index() + 1));
        }
        YamlNode root = documents.get(0).root();
        if (!(root instanceof YamlNode.MapNode)) {
            problems.add(root, "must be a mapping with apiVersion, kind, metadata and spec, was "
                    + root.describe());
            return null;
        }
        if (((YamlNode.MapNode) root).get("kind") instanceof YamlNode.Scalar kind
                && kind.type() == YamlNode.ScalarType.STRING && !kind.text().equals(KIND)) {
            // Another kind of file given by mistake: its fields would only add noise.
            problems.add(kind, "must be \"" + KIND + "\", was \"" + kind.text() + "\"");
            return null;
        }
        SpecReader reader = new SpecReader(problems);
        YamlObject document = reader.object(root, "apiVersion", "kind", "metadata", "spec");
        header(document, "apiVersion", API_VERSION);
        header(document, "kind", KIND);
        String name = name(document);
        YamlObject spec = document.requiredObject("spec", "chart", "rollout", "source",
                "clusters", "environments");
        Path chart = ConfigChecks.existingPath(spec, "chart", baseDir, true);
        Path rollout = ConfigChecks.existingPath(spec, "rollout", baseDir, false);
        SourceConfig source = SourceReader.read(spec, baseDir);
        Map<String, YamlNode> clusterNodes = new LinkedHashMap<>();
        Map<String, ClusterConfig> clusters = clusters(spec, baseDir, clusterNodes);
        EnvironmentReader.Result environments = EnvironmentReader.read(spec, baseDir);
        clusterNodes.forEach((cluster, node) -> {
            if (!environments.clusters().contains(cluster)) {
                problems.add(node, "is not used by any environment's waves");
            }
        });
        if (problems.hasNewSince(mark)) {
            return null;
        }
        return new ServiceConfig(name, file, chart, rollout, source, environments.environments(),
                clusters);
    }

    /** Checks a required header field's value. */
    private static void header(YamlObject document, String field, String expected) {
        String value = document.requiredString(field);
        if (value != null && !value.equals(expected)) {
            document.reader().problems().add(document.get(field).orElseThrow(),
                    "must be \"" + expected + "\", was \"" + value + "\"");
        }
    }

    private static String name(YamlObject document) {
        YamlObject metadata = document.requiredObject("metadata", "name");
        String name = metadata.requiredString("name");
        if (name != null && !ConfigChecks.checkDnsLabel(document.reader().problems(),
                metadata.get("name").orElseThrow(), name)) {
            return null;
        }
        return name;
    }

    private static Map<String, ClusterConfig> clusters(YamlObject spec, Path baseDir,
            Map<String, YamlNode> nodes) {
        Map<String, ClusterConfig> clusters = new LinkedHashMap<>();
        Optional<YamlNode> node = spec.get("clusters");
        if (node.isEmpty()) {
            return clusters;
        }
        SpecReader reader = spec.reader();
        if (!(node.get() instanceof YamlNode.MapNode map)) {
            reader.problems().add(node.get(), "must be a mapping of cluster names to"
                    + " {context, kubeconfig, namespace}, was " + node.get().describe());
            return clusters;
        }
        map.fields().forEach((name, value) -> {
            nodes.put(name, value);
            boolean validName = ConfigChecks.checkDnsLabel(reader.problems(), value, name);
            // "us-east:" with nothing after it takes every default, as "us-east: {}" does.
            YamlNode fields = value instanceof YamlNode.Scalar s && s.isNull()
                    ? new YamlNode.MapNode(value.file(), value.line(), value.path(), Map.of())
                    : value;
            YamlObject cluster = reader.object(fields, "context", "kubeconfig", "namespace");
            Optional<String> context = cluster.optionalString("context");
            Optional<Path> kubeconfig = cluster.optionalString("kubeconfig")
                    .map(path -> expandHome(path, baseDir));
            Optional<String> namespace = cluster.optionalString("namespace");
            namespace.filter(ns -> !ConfigChecks.isDnsLabel(ns)).ifPresent(ns -> ConfigChecks
                    .checkDnsLabel(reader.problems(), cluster.get("namespace").orElseThrow(), ns));
            if (validName && cluster.isPresent()) {
                clusters.put(name, new ClusterConfig(name, kubeconfig, context, namespace));
            }
        });
        return clusters;
    }

    /** {@code ~/...} is the user's home, as kubectl reads it; other paths are relative to the file. */
    private static Path expandHome(String path, Path baseDir) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), path.substring(1).replaceFirst("^/", ""))
                    .normalize();
        }
        return baseDir.resolve(path).normalize();
    }
}
