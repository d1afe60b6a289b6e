package dev.rollout.core.conductor.config;

import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import dev.rollout.core.conductor.config.EnvironmentConfig.OnFailure;
import dev.rollout.core.yaml.Problems;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlNode;
import dev.rollout.core.yaml.YamlObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code spec.environments} and checks the order {@code after} gives them. */
final class EnvironmentReader {
    private static final String[] FIELDS = {"name", "after", "waves", "preDeploy", "notify",
            "onFailure"};

    private EnvironmentReader() {
    }

    /**
     * What was read.
     *
     * @param environments the environments, or null when a problem was recorded
     * @param clusters every cluster name the waves wrote, for finding unused {@code spec.clusters}
     */
    record Result(List<EnvironmentConfig> environments, Set<String> clusters) {
    }

    /** Reads {@code spec.environments}. */
    static Result read(YamlObject spec, Path baseDir) {
        SpecReader reader = spec.reader();
        Problems problems = reader.problems();
        int mark = problems.count();
        Set<String> used = new LinkedHashSet<>();
        Optional<YamlNode> node = spec.get("environments");
        if (node.isEmpty()) {
            spec.missing("environments");
            return new Result(null, used);
        }
        List<YamlNode> items = reader.list(node.get()).orElse(List.of());
        if (items.isEmpty() && node.get() instanceof YamlNode.ListNode) {
            problems.add(node.get(), "must list at least one environment");
        }
        List<EnvironmentConfig> environments = new ArrayList<>();
        Map<String, YamlNode> names = new LinkedHashMap<>();
        List<EnvironmentOrder.Edge> edges = new ArrayList<>();
        for (YamlNode item : items) {
            YamlObject environment = reader.object(item, FIELDS);
            String name = name(environment, names);
            Optional<String> after = environment.optionalString("after");
            if (name != null && after.isPresent()) {
                edges.add(new EnvironmentOrder.Edge(name, after.get(),
                        environment.get("after").orElseThrow()));
            }
            List<WaveConfig> waves = WaveReader.read(environment, used);
            List<HookConfig> hooks = HookReader.read(environment, baseDir);
            List<NotifyConfig> notifications = notifications(environment);
            Optional<OnFailure> onFailure = onFailure(environment);
            if (name != null && waves != null && hooks != null && notifications != null
                    && onFailure.isPresent()) {
                environments.add(new EnvironmentConfig(name, after, waves, hooks, notifications,
                        onFailure.get()));
            }
        }
        EnvironmentOrder.check(names.keySet(), edges, problems);
        return new Result(problems.hasNewSince(mark) ? null : environments, used);
    }

    private static String name(YamlObject environment, Map<String, YamlNode> names) {
        String name = environment.requiredString("name");
        if (name == null) {
            return null;
        }
        Problems problems = environment.reader().problems();
        YamlNode node = environment.get("name").orElseThrow();
        if (!ConfigChecks.checkDnsLabel(problems, node, name)) {
            return null;
        }
        YamlNode first = names.putIfAbsent(name, node);
        if (first != null) {
            problems.add(node, "duplicate environment \"" + name + "\", first at line "
                    + first.line() + " (" + first.path() + ")");
            return null;
        }
        return name;
    }

    private static List<NotifyConfig> notifications(YamlObject environment) {
        SpecReader reader = environment.reader();
        int mark = reader.problems().count();
        List<NotifyConfig> out = new ArrayList<>();
        for (YamlNode item : environment.list("notify")) {
            YamlObject notify = reader.object(item, "slack");
            if (!notify.isPresent() || notify.exactlyOne("slack").isEmpty()) {
                continue;
            }
            YamlNode slackNode = notify.get("slack").orElseThrow();
            if (!(slackNode instanceof YamlNode.MapNode)) {
                // Never echo the value: it may be the webhook URL itself.
                reader.problems().add(slackNode, "must be {webhookUrl: {secretKeyRef: {name: ...,"
                        + " key: ...}}}");
                continue;
            }
            YamlObject slack = reader.object(slackNode, "webhookUrl");
            Optional<SecretKeyRef> url = ConfigChecks.secretKeyRef(slack, "webhookUrl", true);
            url.ifPresent(ref -> out.add(new NotifyConfig.Slack(ref)));
        }
        return reader.problems().hasNewSince(mark) ? null : out;
    }

    private static Optional<OnFailure> onFailure(YamlObject environment) {
        Optional<YamlNode> node = environment.get("onFailure");
        if (node.isEmpty()) {
            return Optional.of(OnFailure.halt);
        }
        Optional<String> text = environment.reader().string(node.get());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        for (OnFailure value : OnFailure.values()) {
            if (value.name().equals(text.get())) {
                return Optional.of(value);
            }
        }
        environment.reader().problems().add(node.get(), "must be halt or rollback, was \""
                + text.get() + "\"");
        return Optional.empty();
    }
}
