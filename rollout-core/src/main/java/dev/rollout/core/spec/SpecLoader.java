package dev.rollout.core.spec;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.core.analysis.AnalysisChecker;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.yaml.DocumentParser;
import dev.rollout.core.yaml.Problems;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlDocument;
import dev.rollout.core.yaml.YamlFiles;
import dev.rollout.core.yaml.YamlNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads Argo-compatible YAML files (several documents each, several files) into model objects,
 * choosing a {@link DocumentParser} by each document's {@code apiVersion} and {@code kind}.
 * Either every object loads, or an {@link InvalidSpecException} lists every problem of every file,
 * each with its file, line and field path. Fields that are accepted but not acted upon in a way a
 * user might expect are reported as {@link LoadedSpecs#warnings()}, which never fail the load.
 *
 * <p>Register parsers for more kinds with {@link #register(String, DocumentParser)} (for kinds of
 * {@code argoproj.io/v1alpha1}) or {@link #register(String, String, DocumentParser)}:
 *
 * <pre>{@code
 * LoadedSpecs specs = SpecLoader.withDefaults()   // Rollout
 *         .register("AnalysisTemplate", new AnalysisTemplateParser())
 *         .load(List.of(Path.of("rollout.yaml"), Path.of("templates.yaml")));
 * List<RolloutSpec> rollouts = specs.rollouts();
 * }</pre>
 *
 * <p>A document of a kind no parser is registered for is an error, unless the loader was made
 * with {@link #ignoringUnknownKinds()} (useful for files that also hold Services or Ingresses).
 * Two objects with the same {@code apiVersion}, {@code kind}, namespace and name are an error.
 * With {@link #checkingTemplateReferences()}, every analysis template a Rollout names must be
 * among the loaded objects too (for {@code rollout lint} over a complete set of files).
 * Immutable and thread-safe: {@code register} returns a new loader.
 */
public final class SpecLoader {
    /** The apiVersion of Argo Rollouts' kinds. */
    public static final String ARGO_API_VERSION = "argoproj.io/v1alpha1";

    private static final Logger log = LoggerFactory.getLogger(SpecLoader.class);

    private final Map<String, Map<String, DocumentParser<?>>> parsersByKind;
    private final boolean ignoreUnknownKinds;
    private final boolean checkTemplateReferences;
    private final Function<TemplateRegistry, AnalysisChecker> checker;
    private final String namespace;

    private SpecLoader(Map<String, Map<String, DocumentParser<?>>> parsersByKind,
            boolean ignoreUnknownKinds, boolean checkTemplateReferences,
            Function<TemplateRegistry, AnalysisChecker> checker, String namespace) {
        this.parsersByKind = parsersByKind;
        this.ignoreUnknownKinds = ignoreUnknownKinds;
        this.checkTemplateReferences = checkTemplateReferences;
        this.checker = checker;
        this.namespace = namespace;
    }

    /**
     * A loader for Argo Rollouts' {@code Rollout} (see {@link RolloutParser}); register template
     * parsers on it for {@code AnalysisTemplate} and {@code ClusterAnalysisTemplate}.
     */
    public static SpecLoader withDefaults() {
        return create().register(RolloutParser.KIND, new RolloutParser());
    }

    /** A loader with no parser registered. */
    public static SpecLoader create() {
        return new SpecLoader(Map.of(), false, false, null, null);
    }

    /** A copy that also parses {@code kind} documents of {@code argoproj.io/v1alpha1}. */
    public SpecLoader register(String kind, DocumentParser<?> parser) {
        return register(ARGO_API_VERSION, kind, parser);
    }

    /** A copy that also parses {@code kind} documents of {@code apiVersion}; replaces any earlier. */
    public SpecLoader register(String apiVersion, String kind, DocumentParser<?> parser) {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parser, "parser");
        Map<String, Map<String, DocumentParser<?>>> copy = new LinkedHashMap<>();
        parsersByKind.forEach((k, v) -> copy.put(k, new LinkedHashMap<>(v)));
        copy.computeIfAbsent(kind, k -> new LinkedHashMap<>()).put(apiVersion, parser);
        copy.replaceAll((k, v) -> Map.copyOf(v));
        return new SpecLoader(Map.copyOf(copy), ignoreUnknownKinds, checkTemplateReferences, checker, namespace);
    }

    private boolean knownGroup(String apiVersion) {
        String group = group(apiVersion);
        return parsersByKind.values().stream().flatMap(v -> v.keySet().stream())
                .anyMatch(registered -> group(registered).equals(group));
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /**
     * A copy that skips documents of other API groups (a {@code Service}, an {@code Ingress}
     * kept beside the Rollout) instead of rejecting them. An unknown kind of a group that has
     * registered parsers ({@code argoproj.io}) is still an error: it is most likely a typo.
     */
    public SpecLoader ignoringUnknownKinds() {
        return new SpecLoader(parsersByKind, true, checkTemplateReferences, checker, namespace);
    }

    /**
     * A copy that also checks that every analysis template a {@code Rollout} names is among the
     * loaded {@code AnalysisTemplate}s (in the rollout's namespace) or, with
     * {@code clusterScope: true}, {@code ClusterAnalysisTemplate}s; for linting a complete set of
     * files, where a missing template would otherwise only fail when the analysis starts.
     */
    public SpecLoader checkingTemplateReferences() {
        return new SpecLoader(parsersByKind, ignoreUnknownKinds, true, checker, namespace);
    }

    /**
     * A copy that checks template references (as {@link #checkingTemplateReferences()}) and then
     * every analysis of every loaded {@code Rollout} with the {@link AnalysisChecker} that
     * {@code checker} makes over the loaded {@code AnalysisTemplate}s and
     * {@code ClusterAnalysisTemplate}s: args supplied or defaulted, metric names unique across
     * merged templates, provider blocks valid once placeholders are substituted, secrets resolved
     * or listed in {@link LoadedSpecs#secretsNeeded()}. The problems are those
     * {@code RolloutEngine.start} gives, each at the line of its field. For {@code rollout lint}
     * and {@code rollout simulate}.
     */
    public SpecLoader checkingAnalyses(Function<TemplateRegistry, AnalysisChecker> checker) {
        return new SpecLoader(parsersByKind, ignoreUnknownKinds, true,
                Objects.requireNonNull(checker, "checker"), namespace);
    }

    /**
     * A copy that loads into {@code namespace}, as {@code kubectl apply -n namespace} does: a
     * {@code Rollout} that names no namespace is placed there, and one that names another is an
     * error. Without it, a Rollout that names no namespace keeps none.
     */
    public SpecLoader inNamespace(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        return new SpecLoader(parsersByKind, ignoreUnknownKinds, checkTemplateReferences, checker,
                namespace);
    }

    /**
     * Loads every document of every file, in order; a directory stands for the {@code .yaml} and
     * {@code .yml} files under it, in path order.
     */
    public LoadedSpecs load(List<Path> files) {
        Objects.requireNonNull(files, "files");
        Batch batch = new Batch();
        for (Path path : files) {
            for (Path file : expand(path, batch.problems)) {
                batch.addFile(file.toString(), YamlFiles.read(file, batch.problems));
            }
        }
        return batch.finish();
    }

    private static List<Path> expand(Path path, Problems problems) {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> files = walk.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().matches(".*\\.(yaml|yml)"))
                    .sorted().toList();
            if (files.isEmpty()) {
                problems.add(path.toString(), 0, Problems.DOCUMENT,
                        "directory holds no .yaml or .yml file");
            }
            return files;
        } catch (IOException | UncheckedIOException e) {
            problems.add(path.toString(), 0, Problems.DOCUMENT,
                    "cannot list directory: " + e.getMessage());
            return List.of();
        }
    }

    /** Loads every document of the given files, in order. */
    public LoadedSpecs load(Path... files) {
        return load(List.of(files));
    }

    /** Loads every document of {@code content}, naming it {@code displayName} in problems. */
    public LoadedSpecs loadString(String displayName, String content) {
        Batch batch = new Batch();
        batch.addFile(displayName, YamlFiles.read(displayName, content, batch.problems));
        return batch.finish();
    }

    /**
     * Parses documents already read (for example by {@link YamlFiles}) together with the problems
     * found while reading them; throws when there is any problem at the end.
     */
    public LoadedSpecs parse(List<YamlDocument> documents, Problems problems) {
        Batch batch = new Batch(problems);
        batch.add(documents);
        return batch.finish();
    }

    /** One load: the problems and objects of every file so far, so duplicates span files. */
    private final class Batch {
        final Problems problems;
        final SpecReader reader;
        final List<LoadedObject<?>> loaded = new ArrayList<>();
        final Map<String, LoadedObject<?>> byIdentity = new HashMap<>();
        final List<TemplateReferences.Source> rollouts = new ArrayList<>();
        int documents;

        Batch() {
            this(new Problems());
        }

        Batch(Problems problems) {
            this.problems = problems;
            this.reader = new SpecReader(problems);
        }

        /**
         * Adds the documents of one file; a file that holds no object (empty, only comments or
         * {@code ---}) is an error, not an empty spec, unless reading it already failed.
         */
        void addFile(String file, List<YamlDocument> read) {
            if (read.isEmpty() && problems.list().stream().noneMatch(p -> p.file().equals(file))) {
                problems.add(file, 0, Problems.DOCUMENT, "holds no object: the file is empty or"
                        + " only comments; expected a document with apiVersion and kind");
            }
            add(read);
        }

        void add(List<YamlDocument> batch) {
            for (YamlDocument document : batch) {
                documents++;
                LoadedObject<?> object = placed(parseDocument(document, reader));
                if (object == null) {
                    continue;
                }
                String identity = object.apiVersion() + "/" + object.kind() + "/"
                        + object.namespace().orElse("") + "/" + object.name();
                LoadedObject<?> first = byIdentity.putIfAbsent(identity, object);
                if (first != null) {
                    problems.add(object.file(), object.line(), "metadata.name",
                            "duplicate " + object.kind() + " \"" + object.name()
                                    + "\", first defined at " + first.source());
                } else {
                    loaded.add(object);
                    if (object.kind().equals(RolloutParser.KIND)) {
                        rollouts.add(new TemplateReferences.Source(object, document.root()));
                    }
                }
            }
        }

        /** The object placed in the loader's namespace, if it has one; null if it cannot be. */
        LoadedObject<?> placed(LoadedObject<?> object) {
            if (namespace == null || object == null || !(object.value() instanceof RolloutSpec spec)) {
                return object;
            }
            if (object.namespace().isEmpty()) {
                return new LoadedObject<>(object.apiVersion(), object.kind(), object.name(),
                        Optional.of(namespace), spec.inNamespace(namespace), object.file(), object.line());
            }
            if (!object.namespace().get().equals(namespace)) {
                problems.add(object.file(), object.line(), "metadata.namespace", "is \""
                        + object.namespace().get() + "\", but the files are loaded into namespace \""
                        + namespace + "\"");
                return null;
            }
            return object;
        }

        LoadedSpecs finish() {
            if (checkTemplateReferences) {
                TemplateReferences.check(rollouts, loaded, problems);
            }
            List<InvalidSpecException.SpecProblem> secrets = new ArrayList<>();
            if (checker != null && problems.isEmpty()) {
                AnalysisChecker check = checker.apply(TemplateRegistry.of(loaded.stream()
                        .map(LoadedObject::value).filter(AnalysisTemplate.class::isInstance)
                        .map(AnalysisTemplate.class::cast).toList()));
                for (TemplateReferences.Source source : rollouts) {
                    RolloutSpec spec = TemplateReferences.spec(source);
                    TemplateReferences.locate(source, check.check(spec), problems);
                    Problems needed = new Problems();
                    TemplateReferences.locate(source, check.secretsNeeded(spec), needed);
                    secrets.addAll(needed.list());
                }
            }
            problems.throwIfAny();
            log.debug("loaded {} objects from {} documents", loaded.size(), documents);
            List<InvalidSpecException.SpecProblem> warnings = problems.warnings();
            warnings.forEach(w -> log.debug("warning: {}", w));
            return new LoadedSpecs(loaded, warnings, secrets);
        }
    }

    private LoadedObject<?> parseDocument(YamlDocument document, SpecReader reader) {
        Problems problems = reader.problems();
        YamlNode root = document.root();
        if (!(root instanceof YamlNode.MapNode map)) {
            problems.add(root, "a document must be a mapping with apiVersion and kind, was "
                    + root.describe());
            return null;
        }
        Optional<String> kind = header(map, "kind", reader);
        Optional<String> apiVersion = header(map, "apiVersion", reader);
        if (kind.isEmpty() || apiVersion.isEmpty()) {
            return null;
        }
        Map<String, DocumentParser<?>> versions = parsersByKind.get(kind.get());
        if (versions == null) {
            if (!ignoreUnknownKinds || knownGroup(apiVersion.get())) {
                problems.add(map.get("kind"), "unsupported kind \"" + kind.get() + "\", "
                        + (kinds().isEmpty() ? "no parser is registered"
                                : "expected one of: " + String.join(", ", kinds())));
            }
            return null;
        }
        DocumentParser<?> parser = versions.get(apiVersion.get());
        if (parser == null) {
            problems.add(map.get("apiVersion"), "unsupported apiVersion \"" + apiVersion.get()
                    + "\" for kind " + kind.get() + ", expected "
                    + String.join(" or ", versions.keySet().stream().sorted().toList()));
            return null;
        }
        int mark = problems.count();
        Object value;
        try {
            value = parser.parse(root, reader);
        } catch (IllegalArgumentException e) {
            problems.add(root, e.getMessage());
            return null;
        } catch (RuntimeException e) {
            log.warn("parser for {} failed on {}:{}", kind.get(), document.file(), document.line(), e);
            problems.add(root, "cannot parse " + kind.get() + ": " + e);
            return null;
        }
        if (problems.hasNewSince(mark)) {
            return null;
        }
        if (value == null) {
            problems.add(root, "the " + kind.get() + " parser returned nothing");
            return null;
        }
        YamlNode metadata = map.get("metadata");
        String name = metadataString(metadata, "name").orElse("");
        return new LoadedObject<>(apiVersion.get(), kind.get(), name,
                metadataString(metadata, "namespace"), value, document.file(), document.line());
    }

    private static Optional<String> header(YamlNode.MapNode map, String field, SpecReader reader) {
        YamlNode value = map.get(field);
        if (value == null || value instanceof YamlNode.Scalar s && s.isNull()) {
            reader.problems().addField(map, field, "is required");
            return Optional.empty();
        }
        return reader.string(value);
    }

    private static Optional<String> metadataString(YamlNode metadata, String field) {
        if (metadata instanceof YamlNode.MapNode map
                && map.get(field) instanceof YamlNode.Scalar s
                && s.type() == YamlNode.ScalarType.STRING) {
            return Optional.of(s.text());
        }
        return Optional.empty();
    }

    private List<String> kinds() {
        return parsersByKind.keySet().stream().sorted().collect(Collectors.toList());
    }
}
