package dev.rollout.k8s.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Small helpers to walk and build gson trees of Kubernetes objects. */
public final class Json {
    private Json() {
    }

    /** The element at a path of object keys, if every step exists. */
    public static Optional<JsonElement> at(JsonObject root, String... path) {
        JsonElement current = root;
        for (String key : path) {
            if (current == null || !current.isJsonObject()) {
                return Optional.empty();
            }
            current = current.getAsJsonObject().get(key);
        }
        return current == null || current.isJsonNull() ? Optional.empty() : Optional.of(current);
    }

    /** The object at a path, if it is one. */
    public static Optional<JsonObject> obj(JsonObject root, String... path) {
        return at(root, path).filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject);
    }

    /** The array at a path, or an empty array. */
    public static JsonArray arr(JsonObject root, String... path) {
        return at(root, path).filter(JsonElement::isJsonArray).map(JsonElement::getAsJsonArray)
                .orElseGet(JsonArray::new);
    }

    /** The string at a path, if it is a primitive. */
    public static Optional<String> str(JsonObject root, String... path) {
        return at(root, path).filter(JsonElement::isJsonPrimitive).map(JsonElement::getAsString);
    }

    /** The integer at a path, or {@code fallback}. */
    public static long num(JsonObject root, long fallback, String... path) {
        Optional<JsonElement> e = at(root, path);
        if (e.isEmpty() || !e.get().isJsonPrimitive()) {
            return fallback;
        }
        JsonPrimitive p = e.get().getAsJsonPrimitive();
        try {
            return p.isNumber() ? p.getAsLong() : Long.parseLong(p.getAsString().trim());
        } catch (NumberFormatException ex) {
            return fallback;
        }
    }

    /** The object at a path, created (with every missing parent) if absent. */
    public static JsonObject ensure(JsonObject root, String... path) {
        JsonObject current = root;
        for (String key : path) {
            JsonElement next = current.get(key);
            if (next == null || !next.isJsonObject()) {
                JsonObject created = new JsonObject();
                current.add(key, created);
                current = created;
            } else {
                current = next.getAsJsonObject();
            }
        }
        return current;
    }

    /** A map of string values (labels, selectors, annotations) at a path; empty when absent. */
    public static Map<String, String> strings(JsonObject root, String... path) {
        Map<String, String> out = new LinkedHashMap<>();
        obj(root, path).ifPresent(o -> o.entrySet().forEach(e -> {
            if (e.getValue().isJsonPrimitive()) {
                out.put(e.getKey(), e.getValue().getAsString());
            }
        }));
        return out;
    }

    /** A JSON object of string values. */
    public static JsonObject of(Map<String, String> values) {
        JsonObject o = new JsonObject();
        values.forEach(o::addProperty);
        return o;
    }

    /** Escapes a key for a JSON pointer (RFC 6901). */
    public static String pointer(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
