package dev.rollout.core.conductor.config;

import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import dev.rollout.core.yaml.Problems;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlNode;
import dev.rollout.core.yaml.YamlObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads {@code spec.source}: exactly one of {@code git}, {@code oci} and {@code static}. */
final class SourceReader {
    private SourceReader() {
    }

    /** Reads the source object; null when a problem was recorded. */
    static SourceConfig read(YamlObject spec, Path baseDir) {
        YamlObject source = spec.requiredObject("source", "git", "oci", "static");
        if (!source.isPresent()) {
            return null;
        }
        Optional<String> kind = source.exactlyOne("git", "oci", "static");
        if (kind.isEmpty()) {
            return null;
        }
        return switch (kind.get()) {
            case "git" -> git(source.requiredObject("git", "repository", "branch"), baseDir);
            case "oci" -> oci(source.requiredObject("oci", "registry", "repository", "constraint",
                    "username", "password"));
            default -> revisions(source.requiredObject("static", "revisions"));
        };
    }

    private static SourceConfig git(YamlObject git, Path baseDir) {
        Path repository = ConfigChecks.existingPath(git, "repository", baseDir, true);
        String branch = git.requiredString("branch");
        return repository == null || branch == null ? null
                : new SourceConfig.Git(repository, branch);
    }

    private static SourceConfig oci(YamlObject oci) {
        Problems problems = oci.reader().problems();
        int mark = problems.count();
        String registry = oci.requiredString("registry");
        if (registry != null && !isHttpUrl(registry)) {
            problems.add(oci.get("registry").orElseThrow(), "must be an http(s) URL such as"
                    + " https://registry.example.com, was \"" + registry + "\"");
        }
        String repository = oci.requiredString("repository");
        Optional<String> constraint = oci.optionalString("constraint");
        if (constraint.isPresent() && constraint.get().isBlank()) {
            problems.add(oci.get("constraint").orElseThrow(), "must not be empty");
        }
        Optional<SecretKeyRef> username = ConfigChecks.secretKeyRef(oci, "username", false);
        Optional<SecretKeyRef> password = ConfigChecks.secretKeyRef(oci, "password", false);
        if (oci.has("username") && !oci.has("password")) {
            problems.addField(oci.node(), "password", "is required when username is set");
        }
        if (problems.hasNewSince(mark) || !oci.isPresent()) {
            return null;
        }
        return new SourceConfig.Oci(stripSlash(registry), repository, constraint, username,
                password);
    }

    private static SourceConfig revisions(YamlObject fixed) {
        SpecReader reader = fixed.reader();
        int mark = reader.problems().count();
        Optional<YamlNode> node = fixed.get("revisions");
        if (node.isEmpty()) {
            fixed.missing("revisions");
            return null;
        }
        List<YamlNode> items = reader.list(node.get()).orElse(null);
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            reader.problems().add(node.get(), "must list at least one revision");
            return null;
        }
        List<String> revisions = new ArrayList<>();
        Map<String, String> first = new HashMap<>();
        for (YamlNode item : items) {
            String revision = ConfigChecks.nonBlankString(reader, item);
            if (revision == null) {
                continue;
            }
            String earlier = first.putIfAbsent(revision, item.path());
            if (earlier != null) {
                reader.problems().add(item, "duplicate revision \"" + revision + "\", also at "
                        + earlier);
            }
            revisions.add(revision);
        }
        return reader.problems().hasNewSince(mark) ? null : new SourceConfig.Static(revisions);
    }

    private static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getQuery() == null && uri.getFragment() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** {@code https://r.example/} and {@code https://r.example} are the same registry. */
    private static String stripSlash(String registry) {
        return registry.endsWith("/") ? registry.substring(0, registry.length() - 1) : registry;
    }
}
