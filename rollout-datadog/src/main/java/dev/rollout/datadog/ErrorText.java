package dev.rollout.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the errors Datadog reports in a body: {@code errors} as an array or a string, at the top
 * level, under {@code data} or under {@code data.attributes}, and {@code status: "error"} with its
 * {@code error} (which v1 sends even on HTTP 200).
 */
final class ErrorText {
    private static final int MAX_LENGTH = 500;

    private ErrorText() {
    }

    /** The errors in {@code root} joined with {@code "; "}, or empty when it reports none. */
    public static Optional<String> find(JsonNode root) {
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        List<String> messages = new ArrayList<>();
        collect(root.path("errors"), messages);
        collect(root.path("data").path("errors"), messages);
        collect(root.path("data").path("attributes").path("errors"), messages);
        boolean statusError = "error".equalsIgnoreCase(root.path("status").asText(""));
        JsonNode error = root.path("error");
        if (error.isTextual() && !error.asText().isBlank()) {
            messages.add(error.asText());
        } else if (statusError && messages.isEmpty()) {
            messages.add("status error without a message");
        }
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(shorten(String.join("; ", messages)));
    }

    /** The errors of a body that may not be JSON at all (an HTML error page of a proxy). */
    public static String describe(String body, JsonNode parsed) {
        Optional<String> found = find(parsed);
        if (found.isPresent()) {
            return found.get();
        }
        if (body == null || body.isBlank()) {
            return "empty body";
        }
        return shorten(body.strip().replaceAll("\\s+", " "));
    }

    private static void collect(JsonNode node, List<String> messages) {
        if (node.isTextual() && !node.asText().isBlank()) {
            messages.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.isTextual()) {
                    messages.add(element.asText());
                } else if (element.isObject()) {
                    // JSON:API style error objects carry their text in detail or title.
                    String text = element.path("detail").asText(element.path("title").asText(""));
                    messages.add(text.isBlank() ? element.toString() : text);
                }
            }
        }
    }

    private static String shorten(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "...";
    }
}
