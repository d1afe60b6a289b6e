package dev.rollout.core.conductor.config;

import dev.rollout.core.yaml.Problems;
import dev.rollout.core.yaml.YamlNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks the {@code after} references between environments: they exist and form no cycle. */
final class EnvironmentOrder {
    private EnvironmentOrder() {
    }

    /**
     * One {@code after}.
     *
     * @param environment the environment that has it
     * @param after the environment it names
     * @param node where it is written
     */
    record Edge(String environment, String after, YamlNode node) {
    }

    /** Records a problem for each {@code after} that names no other environment, and each cycle. */
    static void check(Set<String> names, List<Edge> edges, Problems problems) {
        Map<String, Edge> valid = new LinkedHashMap<>();
        for (Edge edge : edges) {
            if (edge.after().equals(edge.environment())) {
                problems.add(edge.node(), "must name another environment, not this one");
            } else if (!names.contains(edge.after())) {
                List<String> others = names.stream()
                        .filter(n -> !n.equals(edge.environment())).toList();
                problems.add(edge.node(), "names no environment of this config: \""
                        + edge.after() + "\"" + (others.isEmpty() ? ""
                                : " (expected one of: " + String.join(", ", others) + ")"));
            } else {
                valid.putIfAbsent(edge.environment(), edge);
            }
        }
        Set<Set<String>> reported = new HashSet<>();
        for (Edge start : valid.values()) {
            List<String> path = new ArrayList<>();
            String current = start.environment();
            while (current != null && !path.contains(current)) {
                path.add(current);
                Edge next = valid.get(current);
                current = next == null ? null : next.after();
            }
            if (current == null || !current.equals(start.environment())) {
                continue; // no cycle, or a cycle this environment only leads into
            }
            if (reported.add(new TreeSet<>(path))) {
                path.add(start.environment());
                problems.add(start.node(), "forms a cycle: " + String.join(" -> ", path));
            }
        }
    }
}
