package dev.rollout.core.conductor.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.core.yaml.Problems;
import dev.rollout.core.yaml.SpecReader;
import dev.rollout.core.yaml.YamlNode;
import dev.rollout.core.yaml.YamlObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads an environment's {@code preDeploy} hooks: each a command or a Kubernetes Job. */
final class HookReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] FIELDS = {"name", "command", "job", "workingDirectory", "env",
            "timeout"};

    private HookReader() {
    }

    /** Reads {@code preDeploy}; null when a problem was recorded. */
    static List<HookConfig> read(YamlObject environment, Path baseDir) {
        SpecReader reader = environment.reader();
        int mark = reader.problems().count();
        List<HookConfig> hooks = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (YamlNode item : environment.list("preDeploy")) {
            YamlObject hook = reader.object(item, FIELDS);
            String name = hook.requiredString("name");
            if (name != null) {
                Integer first = firstLine.putIfAbsent(name, item.line());
                if (first != null) {
                    reader.problems().add(hook.get("name").orElseThrow(),
                            "duplicate hook \"" + name + "\", first at line " + first);
                }
            }
            HookConfig config = hook(hook, name, baseDir);
            if (config != null) {
                hooks.add(config);
            }
        }
        return reader.problems().hasNewSince(mark) ? null : hooks;
    }

    private static HookConfig hook(YamlObject hook, String name, Path baseDir) {
        if (!hook.isPresent()) {
            return null;
        }
        Problems problems = hook.reader().problems();
        int mark = problems.count();
        Optional<String> kind = hook.exactlyOne("command", "job");
        List<String> command = kind.filter("command"::equals).isPresent() ? command(hook) : null;
        Optional<String> job = kind.filter("job"::equals).isPresent()
                ? job(hook.get("job").orElseThrow(), hook.reader()) : Optional.empty();
        if (kind.filter("job"::equals).isPresent()) {
            for (String field : new String[] {"workingDirectory", "env"}) {
                hook.get(field).ifPresent(n -> problems.add(n,
                        "applies to command hooks only; set it in the Job's container instead"));
            }
        }
        Path workingDirectory = hook.has("workingDirectory")
                ? ConfigChecks.existingPath(hook, "workingDirectory", baseDir, true) : baseDir;
        Map<String, String> env = hook.stringMap("env");
        Duration timeout = ConfigChecks.positiveDuration(hook, "timeout")
                .orElse(HookConfig.DEFAULT_TIMEOUT);
        if (problems.hasNewSince(mark) || name == null || kind.isEmpty()) {
            return null;
        }
        return new HookConfig(name, command == null ? List.of() : command, workingDirectory, env,
                job, timeout);
    }

    private static List<String> command(YamlObject hook) {
        SpecReader reader = hook.reader();
        YamlNode node = hook.get("command").orElseThrow();
        List<YamlNode> items = reader.list(node).orElse(null);
        if (items == null) {
            return null;
        }
        if (items.isEmpty()) {
            reader.problems().add(node, "must name the program to run, for example"
                    + " [./migrate.sh, up]");
            return null;
        }
        List<String> command = new ArrayList<>();
        for (YamlNode item : items) {
            String word = ConfigChecks.nonBlankString(reader, item);
            if (word != null) {
                command.add(word);
            }
        }
        return command.size() == items.size() ? command : null;
    }

    /** The Job as JSON text, as rollout-k8s submits it; it must at least name itself. */
    private static Optional<String> job(YamlNode node, SpecReader reader) {
        Problems problems = reader.problems();
        if (!(node instanceof YamlNode.MapNode map)) {
            problems.add(node, "must be a Job object (batch/v1), was " + node.describe());
            return Optional.empty();
        }
        int mark = problems.count();
        expect(map, "apiVersion", "batch/v1", problems);
        expect(map, "kind", "Job", problems);
        YamlNode metadata = map.get("metadata");
        YamlNode name = metadata instanceof YamlNode.MapNode m ? m.get("name") : null;
        if (metadata == null || metadata instanceof YamlNode.Scalar s && s.isNull()) {
            problems.addField(map, "metadata", "is required: a Job needs metadata.name");
        } else if (!(metadata instanceof YamlNode.MapNode)) {
            problems.add(metadata, "must be a mapping, was " + metadata.describe());
        } else if (name == null || name instanceof YamlNode.Scalar s && s.isNull()) {
            problems.addField(metadata, "name", "is required");
        } else {
            reader.string(name).filter(String::isBlank)
                    .ifPresent(blank -> problems.add(name, "must not be empty"));
        }
        if (problems.hasNewSince(mark)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.writeValueAsString(map.toPlain()));
        } catch (JsonProcessingException e) {
            problems.add(node, "cannot be written as JSON: " + e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private static void expect(YamlNode.MapNode map, String field, String expected,
            Problems problems) {
        YamlNode value = map.get(field);
        if (value != null && !(value instanceof YamlNode.Scalar s && s.isNull())
                && !(value instanceof YamlNode.Scalar s2 && s2.text().equals(expected)
                        && s2.type() == YamlNode.ScalarType.STRING)) {
            problems.add(value, "must be \"" + expected + "\" for a hook Job, was "
                    + value.describe());
        }
    }
}
