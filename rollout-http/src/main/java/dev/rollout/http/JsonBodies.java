package dev.rollout.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads answer bodies that should be JSON objects, as error pages often are not. */
public final class JsonBodies {
    private JsonBodies() {
    }

    /** {@code body} as a JSON object, or null when it is empty, not JSON, or not an object. */
    public static JsonNode object(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = mapper.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
