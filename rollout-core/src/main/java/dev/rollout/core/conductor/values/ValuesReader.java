package dev.rollout.core.conductor.values;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.core.yaml.Problems;
import dev.rollout.core.yaml.YamlNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses one values file with SnakeYAML's composer, which (unlike the Jackson parser behind
 * {@code YamlFiles}) resolves aliases, and converts the node graph into {@link Located} values with
 * Helm's scalar typing ({@link Scalars}) and go-yaml v2's merge-key order.
 */
final class ValuesReader {
    /**
     * The size limit of the project's YAML reading: SnakeYAML's default code-point limit, which
     * {@code YamlFiles} inherits through Jackson.
     */
    static final int CODE_POINT_LIMIT = new LoaderOptions().getCodePointLimit();
    /** A bound on the values an alias graph may expand to, so a small file cannot explode. */
    private static final int MAX_VALUES = 1_000_000;
    /** The tag our resolver gives a plain scalar whose type is left to {@link Scalars}. */
    private static final Tag PLAIN = new Tag("tag:rollout.dev,2026:plain");

    private final String file;
    private final Set<Node> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());
    private int converted;

    private ValuesReader(String file) {
        this.file = file;
    }

    /** Parses {@code yaml}; throws naming {@code file} and the line of the first problem. */
    static Map<String, Located> parse(String file, String yaml) {
        checkSize(file, yaml);
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE); // checked above, with a line number
        StreamReader stream = new StreamReader(yaml);
        Composer composer = new Composer(new ParserImpl(stream, options),
                new PlainResolver(), options);
        Node root = null;
        try {
            while (composer.checkNode()) {
                Node document = composer.getNode();
                if (isNull(document)) {
                    continue; // an empty document ("---" alone) changes nothing
                }
                if (root != null) {
                    throw problem(file, line(document), Problems.DOCUMENT, "a values file holds one YAML"
                            + " document; a second one starts here (Helm 3 would silently read only"
                            + " the first, Helm 4 would merge them)");
                }
                root = document;
            }
        } catch (MarkedYAMLException e) {
            int at = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1
                    : e.getContextMark() != null ? e.getContextMark().getLine() + 1 : 0;
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw problem(file, at, "(yaml)", "invalid YAML: "
                    + String.valueOf(e.getProblem()).strip() + context);
        } catch (YAMLException e) {
            // No mark (the alias limit, for one): name the line the reader had got to.
            throw problem(file, stream.getLine() + 1, "(yaml)", "invalid YAML: " + e.getMessage());
        }
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof MappingNode)) {
            throw problem(file, line(root), Problems.DOCUMENT,
                    "the top level of a values file must be a mapping, was "
                            + (root instanceof SequenceNode ? "a list" : "a scalar"));
        }
        ValuesReader reader = new ValuesReader(file);
        return reader.mapping((MappingNode) root, "");
    }

    private static void checkSize(String file, String yaml) {
        int codePoints = 0;
        int line = 1;
        for (int i = 0; i < yaml.length(); i++) {
            char c = yaml.charAt(i);
            if (c == '\n') {
                line++;
            }
            if (!Character.isLowSurrogate(c) && ++codePoints > CODE_POINT_LIMIT) {
                throw new InvalidSpecException(new SpecProblem(file, line, Problems.DOCUMENT,
                        "the file is larger than the " + CODE_POINT_LIMIT
                                + " characters a YAML file may hold; it passes the limit here"));
            }
        }
    }

    private Map<String, Located> mapping(MappingNode node, String path) {
        enter(node, path);
        Map<String, Located> fields = new LinkedHashMap<>();
        Map<String, Integer> explicit = new HashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (keyNode instanceof ScalarNode k && k.getTag().equals(Tag.MERGE)) {
                // go-yaml v2 applies "<<" where it is written: it overwrites keys written before
                // it, and keys after it overwrite it.
                merge(tuple.getValueNode(), line(keyNode), path, fields);
                continue;
            }
            if (!(keyNode instanceof ScalarNode scalarKey)) {
                throw problem(line(keyNode), path.isEmpty() ? Problems.DOCUMENT : path,
                        "a key must be a scalar, was a " + keyNode.getNodeId());
            }
            String key = keyText(scalarKey);
            String childPath = YamlNode.childPath(path, key);
            Integer first = explicit.putIfAbsent(key, line(keyNode));
            if (first != null) {
                throw problem(line(keyNode), childPath, "duplicate key, first at line " + first);
            }
            fields.put(key, value(tuple.getValueNode(), childPath,
                    new Provenance(file, line(keyNode))));
        }
        inProgress.remove(node);
        return fields;
    }

    private void merge(Node source, int line, String path, Map<String, Located> into) {
        if (source instanceof MappingNode map) {
            into.putAll(mapping(map, path));
            return;
        }
        if (source instanceof SequenceNode list
                && list.getValue().stream().allMatch(n -> n instanceof MappingNode)) {
            // Earlier maps of the list take precedence, so apply them last.
            List<Node> items = list.getValue();
            for (int i = items.size() - 1; i >= 0; i--) {
                into.putAll(mapping((MappingNode) items.get(i), path));
            }
            return;
        }
        throw problem(line, YamlNode.childPath(path, "<<"),
                "a merge key (<<) takes a mapping or a list of mappings");
    }

    private Located value(Node node, String path, Provenance at) {
        if (++converted > MAX_VALUES) {
            throw problem(at.line(), path, "aliases expand to more than " + MAX_VALUES + " values");
        }
        if (node instanceof MappingNode map) {
            return new Located(Collections.unmodifiableMap(mapping(map, path)), "", at);
        }
        if (node instanceof SequenceNode list) {
            enter(node, path);
            List<Object> items = new ArrayList<>(list.getValue().size());
            for (Node item : list.getValue()) {
                String itemPath = YamlNode.itemPath(path, items.size());
                items.add(Located.withoutNullEntries(value(item, itemPath, at).plain()));
            }
            inProgress.remove(node);
            return new Located(Collections.unmodifiableList(items), "", at);
        }
        ScalarNode scalar = (ScalarNode) node;
        Object value = scalar(scalar, path);
        return new Located(value == Scalars.NULL ? null : value, scalar.getValue(), at);
    }

    private Object scalar(ScalarNode node, String path) {
        Tag tag = node.getTag();
        if (tag.equals(PLAIN)) {
            return Scalars.resolve(node.getValue());
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL)
                || tag.equals(Tag.NULL)) {
            // An explicit tag must agree with what the text is; !!float also takes an integer.
            Object value = node.getValue().isEmpty() ? Scalars.NULL
                    : Scalars.resolve(node.getValue());
            if (tag.equals(Tag.FLOAT) && value instanceof Long l) {
                return l.doubleValue();
            }
            boolean agrees = tag.equals(Tag.INT) ? value instanceof Long
                    : tag.equals(Tag.FLOAT) ? value instanceof Double
                    : tag.equals(Tag.BOOL) ? value instanceof Boolean : value == Scalars.NULL;
            if (!agrees) {
                throw problem(line(node), path, "cannot read \"" + node.getValue() + "\" as "
                        + tag.getValue().substring(Tag.PREFIX.length()));
            }
            return value;
        }
        return node.getValue(); // quoted, !!str, !!timestamp, !!binary and custom tags: text
    }

    /** A key as Helm's JSON round trip spells it: booleans and integers canonical, else text. */
    private static String keyText(ScalarNode key) {
        if (!key.getTag().equals(PLAIN)) {
            return key.getValue();
        }
        Object value = Scalars.resolve(key.getValue());
        return value instanceof Boolean || value instanceof Long ? value.toString() : key.getValue();
    }

    private void enter(Node node, String path) {
        if (!inProgress.add(node)) {
            throw problem(line(node), path.isEmpty() ? Problems.DOCUMENT : path,
                    "an alias refers to a value that contains it (a cycle)");
        }
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(PLAIN)
                && Scalars.resolve(s.getValue()) == Scalars.NULL;
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private InvalidSpecException problem(int line, String field, String message) {
        return problem(file, line, field, message);
    }

    private static InvalidSpecException problem(String file, int line, String field,
            String message) {
        return new InvalidSpecException(new SpecProblem(file, line, field, message));
    }

    /** Tags plain scalars for {@link Scalars}; keeps SnakeYAML's YAML 1.1 rules out of it. */
    private static final class PlainResolver extends Resolver {
        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            if (kind == NodeId.scalar) {
                if (!implicit) {
                    return Tag.STR;
                }
                return "<<".equals(value) ? Tag.MERGE : PLAIN;
            }
            return kind == NodeId.sequence ? Tag.SEQ : Tag.MAP;
        }
    }
}
