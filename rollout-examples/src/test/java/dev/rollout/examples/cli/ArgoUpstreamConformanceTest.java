package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.core.yaml.Problems;
import dev.rollout.core.yaml.YamlDocument;
import dev.rollout.core.yaml.YamlFiles;
import dev.rollout.core.yaml.YamlNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Argo Rollouts' own YAML (docs, examples and e2e tests, one document per file, kept unchanged in
 * {@code shared/argo-upstream} beside the repository and never copied into it) through
 * {@code rollout lint}: every document its MANIFEST.tsv lists, which Argo accepts and which uses
 * only features rollout supports, loads; the other files there are refused, each with the
 * problem named below.
 */
class ArgoUpstreamConformanceTest {
    private static final Pattern TEMPLATE_NAME = Pattern.compile("templateName:\\s*[\"']?([\\w.-]+)");

    /** Files beside the manifest that are not in it, with the problem each is refused for. */
    private static final Map<String, String> REFUSED = Map.of(
            // An upstream typo: `results` for `result`.
            "docs__analysis__graphite--b0.yaml", "unknown name 'results'; the measurement is 'result'",
            "docs__analysis__web--b0.yaml", "authentication: is not supported by rollout",
            // A fragment of a docs page: no metadata, no url.
            "docs__features__analysis--b25.yaml", "metadata: is required",
            // `{{args.x}}` unquoted is a YAML flow mapping with a mapping as key.
            "examples__traffic-management__rollout-linkerd--d4.yaml", "(yaml): invalid YAML");

    private static Path upstream;
    private static Map<String, List<String>> manifest;

    @TempDir
    Path dir;

    @BeforeAll
    static void findUpstream() throws IOException {
        upstream = locate();
        manifest = new LinkedHashMap<>();
        for (String row : Files.readAllLines(upstream.resolve("MANIFEST.tsv"))) {
            if (row.isBlank()) {
                continue;
            }
            String[] columns = row.split("\t", -1);
            List<String> extras = columns.length > 1 && !columns[1].isBlank()
                    ? List.of(columns[1].trim().split("\\s+")) : List.of();
            manifest.put(columns[0], extras);
        }
    }

    /**
     * The data lives in {@code shared/argo-upstream} beside the repository: walk up from here,
     * then, for a clone made elsewhere ({@code git clone /work/main /tmp/x}), from the repository
     * it was cloned from (its {@code origin}).
     */
    private static Path locate() {
        Path start = Path.of("").toAbsolutePath();
        List<Path> roots = new ArrayList<>(List.of(start));
        origin(start).ifPresent(roots::add);
        for (Path root : roots) {
            for (Path p = root; p != null; p = p.getParent()) {
                Path candidate = p.resolve("shared").resolve("argo-upstream");
                if (Files.isRegularFile(candidate.resolve("MANIFEST.tsv"))) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("shared/argo-upstream/MANIFEST.tsv not found beside any parent of "
                + roots + ": the Argo conformance data is missing");
    }

    /** The local path the enclosing Git repository was cloned from, if it was cloned from one. */
    private static Optional<Path> origin(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            Path config = p.resolve(".git").resolve("config");
            if (Files.isRegularFile(config)) {
                try {
                    Matcher url = Pattern.compile("(?m)^\\s*url\\s*=\\s*(/\\S+)\\s*$")
                            .matcher(Files.readString(config));
                    return url.find() ? Optional.of(Path.of(url.group(1))) : Optional.empty();
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    @Test
    void everyListedUpstreamDocumentLoads() {
        assertThat(manifest).hasSize(114);
        List<String> failures = new ArrayList<>();
        int loaded = 0;
        for (Map.Entry<String, List<String>> entry : manifest.entrySet()) {
            List<String> args = new ArrayList<>(List.of("lint", "--quiet",
                    upstream.resolve(entry.getKey()).toString()));
            templatesFor(entry.getKey(), entry.getValue()).forEach(t -> args.add(t.toString()));
            CliRunner.Result result = new CliRunner(dir).run(args.toArray(String[]::new));
            if (result.exitCode() == 0) {
                loaded++;
            } else {
                failures.add(entry.getKey() + " -> exit " + result.exitCode() + "\n" + result.err());
            }
            assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(failures).isEmpty();
        assertThat(loaded).isEqualTo(114);
    }

    @Test
    void theOtherUpstreamFilesAreRefusedNamingTheProblem() throws IOException {
        List<String> unlisted;
        try (var files = Files.list(upstream)) {
            unlisted = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") && !manifest.containsKey(n)).sorted().toList();
        }
        assertThat(unlisted).containsExactlyInAnyOrderElementsOf(REFUSED.keySet());
        for (String file : unlisted) {
            CliRunner.Result result = new CliRunner(dir).run("lint", upstream.resolve(file).toString());

            assertThat(result.exitCode()).as(file).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(result.err()).as(file).contains(REFUSED.get(file)).doesNotContain("Exception");
        }
    }

    @Test
    void membersOfAnObjectResultAndIstioSubsetsNeedNothingMore() {
        // The documents that failed before member access and subset routing were supported.
        for (String file : List.of("docs__analysis__newrelic--b0.yaml",
                "docs__analysis__cloudwatch--b0.yaml", "docs__analysis__skywalking--b0.yaml",
                "test__e2e__functional__analysistemplate-web-background--d0.yaml",
                "examples__istio__istio-subset-split--d3.yaml",
                "test__e2e__istio__istio-subset-split-single-route--d3.yaml")) {
            CliRunner.Result result = new CliRunner(dir).run("lint", upstream.resolve(file).toString());

            assertThat(result.exitCode()).as(file + ": " + result.err()).isZero();
            assertThat(result.out()).startsWith("ok: 1 file, 1 ");
        }
    }

    /**
     * The extra files holding the templates {@code file} names, first listed first: the manifest
     * lists every template of the upstream directory, some of them twice under one name.
     */
    private List<Path> templatesFor(String file, List<String> extras) {
        List<String> names = new ArrayList<>();
        try {
            Matcher m = TEMPLATE_NAME.matcher(Files.readString(upstream.resolve(file)));
            while (m.find()) {
                names.add(m.group(1));
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
        List<Path> chosen = new ArrayList<>();
        // Upstream splits one file into documents --d0, --d1, ...: a template of the rollout's own
        // file wins over another file's template of the same name (rollout-secret-withArgs).
        String stem = file.replaceAll("--d\\d+\\.yaml$", "");
        java.util.Comparator<String> ownFirst = java.util.Comparator.comparing(
                extra -> !extra.replaceAll("--d\\d+\\.yaml$", "").equals(stem));
        for (String name : names.stream().distinct().toList()) {
            extras.stream().filter(extra -> !extra.equals(file))
                    .filter(extra -> templateName(extra).filter(name::equals).isPresent())
                    .sorted(ownFirst)
                    .findFirst().map(upstream::resolve)
                    .filter(p -> !chosen.contains(p)).ifPresent(chosen::add);
        }
        return chosen;
    }

    private Optional<String> templateName(String file) {
        Problems problems = new Problems();
        List<YamlDocument> docs = YamlFiles.read(upstream.resolve(file), problems);
        if (docs.isEmpty() || !(docs.get(0).root() instanceof YamlNode.MapNode root)
                || !(root.get("kind") instanceof YamlNode.Scalar kind)
                || !kind.text().endsWith("AnalysisTemplate")
                || !(root.get("metadata") instanceof YamlNode.MapNode metadata)
                || !(metadata.get("name") instanceof YamlNode.Scalar name)) {
            return Optional.empty();
        }
        return Optional.of(name.text());
    }
}
