package dev.rollout.core.conductor.config;

import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.core.spec.AnalysisRefParser;
import dev.rollout.core.yaml.Problems;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlNode;
import dev.rollout.core.yaml.YamlObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads an environment's {@code waves}: their clusters, {@code parallel} and {@code gate}. */
final class WaveReader {
    private WaveReader() {
    }

    /**
     * Reads {@code waves}, adding every cluster name written (valid or not) to {@code used} so that
     * unused {@code spec.clusters} entries can be found; null when a problem was recorded.
     */
    static List<WaveConfig> read(YamlObject environment, Set<String> used) {
        SpecReader reader = environment.reader();
        Problems problems = reader.problems();
        int mark = problems.count();
        Optional<YamlNode> node = environment.get("waves");
        if (node.isEmpty()) {
            if (environment.isPresent()) {
                problems.addField(environment.node(), "waves",
                        "is required: an environment needs at least one wave");
            }
            return null;
        }
        List<YamlNode> items = reader.list(node.get()).orElse(List.of());
        if (items.isEmpty() && node.get() instanceof YamlNode.ListNode) {
            problems.add(node.get(), "must list at least one wave");
        }
        List<WaveConfig> waves = new ArrayList<>();
        Map<String, Integer> waveOf = new HashMap<>();
        for (int index = 0; index < items.size(); index++) {
            YamlObject wave = reader.object(items.get(index), "clusters", "parallel", "gate");
            List<String> clusters = clusters(wave, index, waveOf, used);
            boolean parallel = wave.booleanOr("parallel", false);
            Optional<GateConfig> gate = gate(wave);
            if (clusters != null && wave.isPresent()) {
                waves.add(new WaveConfig(index, clusters, parallel, gate));
            }
        }
        return problems.hasNewSince(mark) ? null : waves;
    }

    private static List<String> clusters(YamlObject wave, int index, Map<String, Integer> waveOf,
            Set<String> used) {
        SpecReader reader = wave.reader();
        Problems problems = reader.problems();
        Optional<YamlNode> node = wave.get("clusters");
        if (node.isEmpty()) {
            if (wave.isPresent()) {
                problems.addField(wave.node(), "clusters",
                        "is required: a wave needs at least one cluster");
            }
            return null;
        }
        List<YamlNode> items = reader.list(node.get()).orElse(null);
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            problems.add(node.get(), "must list at least one cluster");
            return null;
        }
        int mark = problems.count();
        Set<String> clusters = new LinkedHashSet<>();
        for (YamlNode item : items) {
            String cluster = ConfigChecks.nonBlankString(reader, item);
            if (cluster == null) {
                continue;
            }
            used.add(cluster);
            ConfigChecks.checkDnsLabel(problems, item, cluster);
            Integer earlier = waveOf.putIfAbsent(cluster, index);
            if (!clusters.add(cluster)) {
                problems.add(item, "duplicate cluster \"" + cluster + "\" in this wave");
            } else if (earlier != null) {
                problems.add(item, "cluster \"" + cluster + "\" is in waves[" + earlier
                        + "] and waves[" + index + "]; a cluster belongs to one wave of an"
                        + " environment");
            }
        }
        return problems.hasNewSince(mark) ? null : List.copyOf(clusters);
    }

    private static Optional<GateConfig> gate(YamlObject wave) {
        Optional<YamlObject> read = wave.object("gate", "soak", "analysis", "approval");
        if (read.isEmpty() || !read.get().isPresent()) {
            return Optional.empty();
        }
        YamlObject gate = read.get();
        SpecReader reader = gate.reader();
        int mark = reader.problems().count();
        Optional<Duration> soak = ConfigChecks.positiveDuration(gate, "soak");
        Optional<AnalysisRef> analysis = gate.get("analysis")
                .flatMap(n -> AnalysisRefParser.parse(n, reader));
        boolean approval = gate.booleanOr("approval", false);
        if (reader.problems().hasNewSince(mark)) {
            return Optional.empty();
        }
        if (soak.isEmpty() && analysis.isEmpty() && !approval) {
            gate.problem("must set soak, analysis or approval: true; an empty gate checks nothing");
            return Optional.empty();
        }
        return Optional.of(new GateConfig(soak, analysis, approval));
    }
}
