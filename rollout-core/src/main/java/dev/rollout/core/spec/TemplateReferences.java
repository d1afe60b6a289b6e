package dev.rollout.core.spec;

import dev.rollout.core.yaml.Problems;
import dev.rollout.core.yaml.YamlNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks that every analysis template a loaded Rollout names ({@code templates[].templateName},
 * with {@code clusterScope}) is among the loaded {@code AnalysisTemplate}s or
 * {@code ClusterAnalysisTemplate}s, reporting each missing one at the line that names it. As in
 * the analysis {@code TemplateRegistry}, a template loaded without a namespace serves every
 * namespace; one with a namespace serves only its own.
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
            String namespace = source.rollout().namespace().orElse("default");
            walk(source.document(), namespace, namespaced, cluster, problems);
        }
    }

    private static void walk(YamlNode node, String namespace, Set<String> namespaced,
            Set<String> cluster, Problems problems) {
        if (node instanceof YamlNode.ListNode list) {
            list.items().forEach(i -> walk(i, namespace, namespaced, cluster, problems));
        } else if (node instanceof YamlNode.MapNode map) {
            if (TEMPLATE_ITEM.matcher(map.path()).matches()
                    && map.get("templateName") instanceof YamlNode.Scalar name) {
                boolean clusterScope = map.get("clusterScope") instanceof YamlNode.Scalar s
                        && Boolean.TRUE.equals(s.value());
                if (clusterScope && !cluster.contains(name.text())) {
                    problems.add(name, CLUSTER_TEMPLATE_KIND + " \"" + name.text()
                            + "\" is not among the loaded specs");
                } else if (!clusterScope && !namespaced.contains(namespace + "/" + name.text())
                        && !namespaced.contains(ANY_NAMESPACE + "/" + name.text())) {
                    problems.add(name, TEMPLATE_KIND + " \"" + name.text() + "\" is not among the"
                            + " loaded specs in namespace " + namespace);
                }
            }
            map.fields().values().forEach(v -> walk(v, namespace, namespaced, cluster, problems));
        }
    }
}
