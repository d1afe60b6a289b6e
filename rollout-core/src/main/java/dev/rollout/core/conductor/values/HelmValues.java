package dev.rollout.core.conductor.values;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.core.yaml.Problems;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads Helm values files and layers them as {@code helm install -f values.yaml -f
 * values-<env>.yaml -f values-<env>-<cluster>.yaml} does; see the package documentation for the
 * exact semantics. Thread-safe.
 */
public final class HelmValues {
    /** Environment and cluster names become parts of file names, so they stay plain words. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private HelmValues() {
    }

    /**
     * Reads one values file; an empty or comments-only file is an empty layer.
     *
     * @throws InvalidSpecException naming the file and line when it cannot be read, is not YAML,
     *     holds more than one document, its top level is not a map, or it is over the size limit
     */
    public static ValuesFile read(Path file) {
        Objects.requireNonNull(file, "file");
        return parse(file.toString(), readBounded(file));
    }

    /** Parses {@code yaml} as a values file named {@code fileName}; errors as {@link #read}. */
    public static ValuesFile parse(String fileName, String yaml) {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(yaml, "yaml");
        String content = yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml;
        return new ValuesFile(fileName, ValuesReader.parse(fileName, content));
    }

    /**
     * Merges layers as {@code helm -f l1 -f l2 ...} does for a chart without default values,
     * later wins; a null deletes a key set by an earlier layer.
     */
    public static MergedValues merge(List<ValuesFile> layers) {
        Objects.requireNonNull(layers, "layers");
        return new MergedValues(Layering.withoutNulls(userValues(layers)), names(layers));
    }

    /**
     * Merges layers as {@code helm install -f l1 -f l2 ...} does for a chart whose own values.yaml
     * is {@code chartDefaults}: the layers are merged, then coalesced over the chart defaults
     * (see the package documentation for where that differs from merging the layers alone).
     */
    public static MergedValues merge(ValuesFile chartDefaults, List<ValuesFile> layers) {
        Objects.requireNonNull(chartDefaults, "chartDefaults");
        Objects.requireNonNull(layers, "layers");
        Map<String, Located> coalesced =
                Layering.coalesce(userValues(layers), chartDefaults.root());
        return new MergedValues(Layering.withoutNulls(coalesced), names(layers));
    }

    /**
     * The values one cluster's templates see: the existing ones of {@code values.yaml},
     * {@code values-<env>.yaml} and {@code values-<env>-<cluster>.yaml} in {@code chartDir},
     * merged over the chart's values.yaml as Helm (and Argo CD) render the chart.
     *
     * @throws InvalidSpecException when the chart directory is missing or a file is invalid
     */
    public static MergedValues forCluster(Path chartDir, String environment, String cluster) {
        List<Path> paths = valueFiles(chartDir, environment, cluster);
        List<ValuesFile> layers = new ArrayList<>(paths.size());
        paths.forEach(p -> layers.add(read(p)));
        boolean hasChartValues = !paths.isEmpty()
                && paths.get(0).getFileName().toString().equals("values.yaml");
        return hasChartValues ? merge(layers.get(0), layers) : merge(layers);
    }

    /**
     * The existing values files for a cluster, in layering order: {@code values.yaml},
     * {@code values-<env>.yaml}, {@code values-<env>-<cluster>.yaml}. This is the list an Argo CD
     * application gets as {@code helm.valueFiles}.
     *
     * @throws InvalidSpecException when {@code chartDir} is not a directory
     * @throws IllegalArgumentException when the environment or cluster is not a plain name
     */
    public static List<Path> valueFiles(Path chartDir, String environment, String cluster) {
        Objects.requireNonNull(chartDir, "chartDir");
        requireName("environment", environment);
        requireName("cluster", cluster);
        if (!Files.isDirectory(chartDir)) {
            throw new InvalidSpecException(new SpecProblem(chartDir.toString(), 0, "(chart)",
                    "chart directory not found"));
        }
        List<Path> files = new ArrayList<>(3);
        for (String name : List.of("values.yaml", "values-" + environment + ".yaml",
                "values-" + environment + "-" + cluster + ".yaml")) {
            Path file = chartDir.resolve(name);
            if (Files.isRegularFile(file)) {
                files.add(file);
            }
        }
        return List.copyOf(files);
    }

    private static Map<String, Located> userValues(List<ValuesFile> layers) {
        Map<String, Located> base = Map.of();
        for (ValuesFile layer : layers) {
            base = Layering.mergeMaps(base, Objects.requireNonNull(layer, "layer").root());
        }
        return base;
    }

    private static List<String> names(List<ValuesFile> layers) {
        return layers.stream().map(ValuesFile::name).toList();
    }

    private static void requireName(String what, String name) {
        Objects.requireNonNull(name, what);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must be a plain name (letters, digits,"
                    + " '.', '_', '-'), was \"" + name + "\"");
        }
    }

    /** Reads at most one code point past the limit, so a huge file is refused without loading it. */
    private static String readBounded(Path file) {
        String name = file.toString();
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        StringBuilder out = new StringBuilder();
        long limit = (long) ValuesReader.CODE_POINT_LIMIT * 2 + 2; // chars, surrogates included
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), decoder)) {
            char[] buffer = new char[8192];
            int n;
            while ((n = reader.read(buffer)) > 0) {
                out.append(buffer, 0, n);
                if (out.length() > limit) {
                    break; // already over; ValuesReader reports the line where the limit passed
                }
            }
        } catch (NoSuchFileException e) {
            throw fileProblem(name, "file not found");
        } catch (CharacterCodingException e) {
            throw fileProblem(name, "file is not valid UTF-8");
        } catch (IOException e) {
            throw fileProblem(name, "cannot read file: " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
        return out.toString();
    }

    private static InvalidSpecException fileProblem(String file, String message) {
        return new InvalidSpecException(new SpecProblem(file, 0, Problems.DOCUMENT, message));
    }
}
