package dev.rollout.core.spec;

import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.analysis.AnalysisRef.TemplateRef;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.core.analysis.AnalysisChecker;
import dev.rollout.core.yaml.Problems;
import dev.rollout.core.yaml.YamlNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks that every analysis template a loaded Rollout names ({@code templates[].templateName},
 * with {@code clusterScope}) is among the loaded {@code AnalysisTemplate}s or
 * {@code ClusterAnalysisTemplate}s, reporting each missing one at the line that names it, with
 * the message {@code RolloutEngine.start} gives ({@link AnalysisChecker#missingTemplate}). As in
 * the analysis {@code TemplateRegistry}, a template loaded without a namespace serves every
 * namespace; one with a namespace serves only its own, and a Rollout that names no namespace sees
 * only templates that name none either (they are applied to the same namespace).
 */
final class TemplateReferences {
    static final String TEMPLATE_KIND = "AnalysisTemplate";
    static final String CLUSTER_TEMPLATE_KIND = "ClusterAnalysisTemplate";
    private static final String ANY_NAMESPACE = "*";
    private static final Pattern TEMPLATE_ITEM = Pattern.compile(".*\\.templates\\[\\d+]");

    private TemplateReferences() {
    }

    /** One loaded Rollout with the document it came from. */
    record Source(LoadedObject<?> rollout, YamlNode document) {
    }

    static void check(List<Source> rollouts, List<LoadedObject<?>> loaded, Problems problems) {
        Set<String> namespaced = loaded.stream().filter(o -> o.kind().equals(TEMPLATE_KIND))
                .map(o -> o.namespace().orElse(ANY_NAMESPACE) + "/" + o.name())
                .collect(Collectors.toSet());
        Set<String> cluster = loaded.stream().filter(o -> o.kind().equals(CLUSTER_TEMPLATE_KIND))
                .map(LoadedObject::name).collect(Collectors.toSet());
        for (Source source : rollouts) {
            walk(source.document(), source.rollout().namespace(), namespaced, cluster, problems);
        }
    }

    private static void walk(YamlNode node, Optional<String> namespace, Set<String> namespaced,
            Set<String> cluster, Problems problems) {
        if (node instanceof YamlNode.ListNode list) {
            list.items().forEach(i -> walk(i, namespace, namespaced, cluster, problems));
        } else if (node instanceof YamlNode.MapNode map) {
            if (TEMPLATE_ITEM.matcher(map.path()).matches()
                    && map.get("templateName") instanceof YamlNode.Scalar name) {
                boolean clusterScope = map.get("clusterScope") instanceof YamlNode.Scalar s
                        && Boolean.TRUE.equals(s.value());
                boolean found = clusterScope ? cluster.contains(name.text())
                        : namespaced.contains(ANY_NAMESPACE + "/" + name.text())
                                || namespace.isPresent() && namespaced.contains(namespace.get() + "/" + name.text());
                if (!found) {
                    problems.add(name, AnalysisChecker.missingTemplate(
                            new TemplateRef(name.text(), clusterScope), namespace));
                }
            }
            map.fields().values().forEach(v -> walk(v, namespace, namespaced, cluster, problems));
        }
    }

    /**
     * Adds {@code found} (problems of {@code rollout} at field paths, from the
     * {@link AnalysisChecker}) to {@code problems}, each at the line of its field in the document.
     */
    static void locate(Source source, List<SpecProblem> found, Problems problems) {
        for (SpecProblem p : found) {
            YamlNode at = find(source.document(), p.field());
            problems.add(source.rollout().file(), at == null ? source.rollout().line() : at.line(),
                    p.field(), p.message());
        }
    }

    /** The node at {@code path} (as {@code YamlNode.path()} spells it), or the nearest parent found. */
    static YamlNode find(YamlNode root, String path) {
        YamlNode best = null;
        YamlNode node = root;
        while (node != null) {
            if (path.equals(node.path())) {
                return node;
            }
            best = node;
            YamlNode next = null;
            if (node instanceof YamlNode.MapNode map) {
                for (YamlNode child : map.fields().values()) {
                    if (path.startsWith(child.path()) && (path.length() == child.path().length()
                            || ".[".indexOf(path.charAt(child.path().length())) >= 0)) {
                        next = child;
                        break;
                    }
                }
            } else if (node instanceof YamlNode.ListNode list) {
                for (YamlNode child : list.items()) {
                    if (path.startsWith(child.path()) && (path.length() == child.path().length()
                            || ".[".indexOf(path.charAt(child.path().length())) >= 0)) {
                        next = child;
                        break;
                    }
                }
            }
            node = next;
        }
        return best;
    }

    /** The loaded Rollout's spec. */
    static RolloutSpec spec(Source source) {
        return (RolloutSpec) source.rollout().value();
    }
}
