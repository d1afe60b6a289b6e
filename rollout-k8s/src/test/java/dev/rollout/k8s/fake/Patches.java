package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The three patch formats of the Kubernetes API. All methods return a new tree and leave their
 * arguments untouched.
 *
 * <p>Strategic merge patch is an approximation of Kubernetes' (which is driven by Go struct tags):
 * maps merge, {@code null} deletes, lists of objects merge by a known key ({@code name} for
 * containers, env, volumes, imagePullSecrets; {@code containerPort} or {@code port} for ports;
 * {@code mountPath} for volumeMounts; {@code type} for conditions; {@code uid} for
 * ownerReferences), other lists are replaced; {@code $patch: delete|replace} and
 * {@code $deleteFromPrimitiveList/<field>} are honoured, {@code $setElementOrder} and
 * {@code $retainKeys} are ignored.
 */
public final class Patches {
    /** A patch that parsed but cannot be applied (the real server answers 422). */
    public static final class PatchFailedException extends RuntimeException {
        PatchFailedException(String message) {
            super(message);
        }
    }

    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"), Map.entry("env", "name"),
            Map.entry("volumes", "name"), Map.entry("imagePullSecrets", "name"),
            Map.entry("volumeMounts", "mountPath"), Map.entry("volumeDevices", "devicePath"),
            Map.entry("conditions", "type"), Map.entry("ownerReferences", "uid"),
            Map.entry("hostAliases", "ip"));

    private Patches() {
    }

    /** RFC 7386 JSON merge patch: maps merge, lists are replaced, {@code null} deletes. */
    public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }

    /** An approximation of Kubernetes' strategic merge patch; see the class comment. */
    public static JsonNode strategicMergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        if ("replace".equals(patch.path("$patch").asText())) {
            ObjectNode copy = ((ObjectNode) patch).deepCopy();
            copy.remove("$patch");
            return copy;
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (key.startsWith("$deleteFromPrimitiveList/")) {
                String field = key.substring(key.indexOf('/') + 1);
                deleteFromPrimitiveList(result, field, value);
            } else if (key.startsWith("$")) {
                continue;
            } else if (value.isNull()) {
                result.remove(key);
            } else if (value.isArray() && result.path(key).isArray()) {
                result.set(key, mergeList(key, (ArrayNode) result.get(key), (ArrayNode) value));
            } else if (value.isArray()) {
                result.set(key, stripDirectives((ArrayNode) value));
            } else {
                result.set(key, strategicMergePatch(result.get(key), value));
            }
        }
        return result;
    }

    private static void deleteFromPrimitiveList(ObjectNode result, String field, JsonNode values) {
        if (!result.path(field).isArray()) {
            return;
        }
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : result.get(field)) {
            boolean drop = false;
            for (JsonNode v : values) {
                drop |= v.equals(item);
            }
            if (!drop) {
                kept.add(item);
            }
        }
        result.set(field, kept);
    }

    private static ArrayNode stripDirectives(ArrayNode list) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode item : list) {
            if (item.isObject() && item.has("$patch")) {
                continue;
            }
            out.add(item.deepCopy());
        }
        return out;
    }

    private static ArrayNode mergeList(String field, ArrayNode current, ArrayNode patch) {
        String mergeKey = mergeKey(field, patch);
        if (mergeKey == null) {
            return stripDirectives(patch);
        }
        ArrayNode out = current.deepCopy();
        for (JsonNode item : patch) {
            if (!item.isObject() || !item.has(mergeKey)) {
                continue;
            }
            int index = indexOf(out, mergeKey, item.get(mergeKey));
            boolean delete = "delete".equals(item.path("$patch").asText());
            if (delete) {
                if (index >= 0) {
                    out.remove(index);
                }
            } else if (index >= 0) {
                out.set(index, strategicMergePatch(out.get(index), item));
            } else {
                out.add(strategicMergePatch(null, item));
            }
        }
        return out;
    }

    private static String mergeKey(String field, ArrayNode patch) {
        if ("ports".equals(field)) {
            for (JsonNode item : patch) {
                if (item.has("containerPort")) {
                    return "containerPort";
                }
            }
            return "port";
        }
        return MERGE_KEYS.get(field);
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (value.equals(list.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * RFC 6902 JSON patch.
     *
     * @throws IllegalArgumentException when the patch document is malformed (400)
     * @throws PatchFailedException when an operation cannot be applied or a test fails (422)
     */
    public static JsonNode jsonPatch(JsonNode target, JsonNode patch) {
        if (!patch.isArray()) {
            throw new IllegalArgumentException("json patch must be an array of operations");
        }
        JsonNode doc = target.deepCopy();
        for (JsonNode op : patch) {
            String kind = op.path("op").asText(null);
            String path = op.path("path").asText(null);
            if (kind == null || path == null) {
                throw new IllegalArgumentException("json patch operation needs 'op' and 'path': " + op);
            }
            doc = switch (kind) {
                case "add" -> add(doc, path, required(op, "value"));
                case "remove" -> {
                    if (!exists(doc, path)) {
                        throw new PatchFailedException("jsonpatch remove operation does not apply: doc is missing key: "
                                + path);
                    }
                    yield remove(doc, path);
                }
                case "replace" -> {
                    JsonNode value = required(op, "value");
                    if (!exists(doc, path)) {
                        throw new PatchFailedException("jsonpatch replace operation does not apply: doc is missing key: "
                                + path);
                    }
                    yield add(remove(doc, path), path, value);
                }
                case "move" -> {
                    String from = requiredText(op, "from");
                    JsonNode moved = resolveFor("move", doc, from);
                    yield add(remove(doc, from), path, moved);
                }
                case "copy" -> add(doc, path, resolveFor("copy", doc, requiredText(op, "from")).deepCopy());
                case "test" -> {
                    JsonNode expected = required(op, "value");
                    if (!exists(doc, path) || !resolve(doc, path).equals(expected)) {
                        throw new PatchFailedException("testing value " + path + " failed: test failed");
                    }
                    yield doc;
                }
                default -> throw new IllegalArgumentException("unknown json patch operation: " + kind);
            };
        }
        return doc;
    }

    private static JsonNode required(JsonNode op, String field) {
        if (!op.has(field)) {
            throw new IllegalArgumentException("json patch operation " + op.path("op").asText()
                    + " needs '" + field + "'");
        }
        return op.get(field);
    }

    private static String requiredText(JsonNode op, String field) {
        return required(op, field).asText();
    }

    private static List<String> tokens(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("json pointer must start with '/': " + pointer);
        }
        List<String> out = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            out.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static JsonNode resolve(JsonNode doc, String pointer) {
        JsonNode node = doc;
        for (String token : tokens(pointer)) {
            node = child(node, token, pointer);
        }
        return node;
    }

    private static JsonNode resolveFor(String op, JsonNode doc, String pointer) {
        try {
            return resolve(doc, pointer);
        } catch (PatchFailedException e) {
            throw new PatchFailedException("jsonpatch " + op + " operation does not apply: doc is missing path: "
                    + pointer + ": " + e.getMessage());
        }
    }

    private static boolean exists(JsonNode doc, String pointer) {
        try {
            resolve(doc, pointer);
            return true;
        } catch (PatchFailedException e) {
            return false;
        }
    }

    private static JsonNode child(JsonNode node, String token, String pointer) {
        JsonNode next = null;
        if (node.isObject()) {
            next = node.get(token);
        } else if (node.isArray()) {
            next = node.get(index(token, node.size() - 1, pointer));
        }
        if (next == null) {
            throw new PatchFailedException("path not found: " + pointer);
        }
        return next;
    }

    private static int index(String token, int max, String pointer) {
        try {
            int i = Integer.parseInt(token);
            if (i < 0 || i > max || (token.length() > 1 && token.startsWith("0"))) {
                throw new PatchFailedException("array index out of bounds in " + pointer);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new PatchFailedException("not an array index: '" + token + "' in " + pointer);
        }
    }

    private static JsonNode add(JsonNode doc, String pointer, JsonNode value) {
        List<String> tokens = tokens(pointer);
        if (tokens.isEmpty()) {
            return value.deepCopy();
        }
        JsonNode parent = resolve(doc, parentOf(pointer));
        String last = tokens.get(tokens.size() - 1);
        if (parent.isObject()) {
            ((ObjectNode) parent).set(last, value.deepCopy());
        } else if (parent.isArray()) {
            ArrayNode array = (ArrayNode) parent;
            if ("-".equals(last)) {
                array.add(value.deepCopy());
            } else {
                array.insert(index(last, array.size(), pointer), value.deepCopy());
            }
        } else {
            throw new PatchFailedException("parent of " + pointer + " is not a container");
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, String pointer) {
        List<String> tokens = tokens(pointer);
        if (tokens.isEmpty()) {
            throw new PatchFailedException("cannot remove the whole document");
        }
        JsonNode parent = resolve(doc, parentOf(pointer));
        String last = tokens.get(tokens.size() - 1);
        if (parent.isObject() && parent.has(last)) {
            ((ObjectNode) parent).remove(last);
        } else if (parent.isArray()) {
            ((ArrayNode) parent).remove(index(last, parent.size() - 1, pointer));
        } else {
            throw new PatchFailedException("path not found: " + pointer);
        }
        return doc;
    }

    private static String parentOf(String pointer) {
        return pointer.substring(0, pointer.lastIndexOf('/'));
    }
}
