package dev.rollout.k8s.traffic;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/** Builds an RFC 6902 JSON patch; {@code test} operations guard against concurrent reorders. */
final class JsonPatch {
    private final JsonArray ops = new JsonArray();

    JsonPatch test(String path, String value) {
        return op("test", path, new JsonPrimitive(value));
    }

    JsonPatch replace(String path, int value) {
        return op("replace", path, new JsonPrimitive(value));
    }

    JsonPatch add(String path, JsonElement value) {
        return op("add", path, value);
    }

    private JsonPatch op(String op, String path, JsonElement value) {
        JsonObject o = new JsonObject();
        o.addProperty("op", op);
        o.addProperty("path", path);
        o.add("value", value);
        ops.add(o);
        return this;
    }

    /** Whether any operation other than {@code test} was added. */
    boolean changes() {
        for (JsonElement op : ops) {
            if (!"test".equals(op.getAsJsonObject().get("op").getAsString())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return ops.toString();
    }
}
