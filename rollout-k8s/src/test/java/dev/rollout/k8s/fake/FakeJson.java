package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/** Small JSON helpers shared by the simulated controllers. */
final class FakeJson {
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private FakeJson() {
    }

    /** A short, stable hash of a JSON tree in the style of Kubernetes' pod-template-hash. */
    static String hash(JsonNode node) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(ApiHandler.JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                out.append(ALPHABET.charAt((digest[i] & 0xff) % ALPHABET.length()));
            }
            return out.toString();
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deterministic 5-character suffix for generated names. */
    static String suffix(long n) {
        StringBuilder out = new StringBuilder();
        long v = n * 7919 + 104729;
        for (int i = 0; i < 5; i++) {
            out.append(ALPHABET.charAt((int) (v % ALPHABET.length())));
            v /= ALPHABET.length();
        }
        return out.toString();
    }

    /** The images of a pod template's containers. */
    static List<String> images(JsonNode template) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : template.path("spec").path("containers")) {
            out.add(c.path("image").asText(""));
        }
        return out;
    }

    /** An owner reference to {@code owner} marking it as the controller. */
    static ObjectNode ownerRef(JsonNode owner, String apiVersion, String kind) {
        ObjectNode ref = ApiHandler.JSON.createObjectNode();
        ref.put("apiVersion", apiVersion);
        ref.put("kind", kind);
        ref.put("name", owner.path("metadata").path("name").asText());
        ref.put("uid", owner.path("metadata").path("uid").asText());
        ref.put("controller", true);
        ref.put("blockOwnerDeletion", true);
        return ref;
    }

    /** Whether {@code o} has an owner reference to the uid. */
    static boolean ownedBy(JsonNode o, String uid) {
        for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
            if (uid.equals(ref.path("uid").asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sets a condition in {@code status.conditions}, keeping its lastTransitionTime when the status
     * value did not change, and always updating lastUpdateTime when {@code withUpdateTime}.
     */
    static void setCondition(ObjectNode status, String type, String value, String reason, String message, String now,
                             boolean withUpdateTime) {
        ArrayNode conditions = status.withArray("conditions");
        ObjectNode existing = null;
        for (JsonNode c : conditions) {
            if (type.equals(c.path("type").asText())) {
                existing = (ObjectNode) c;
            }
        }
        if (existing != null && value.equals(existing.path("status").asText())
                && reason.equals(existing.path("reason").asText()) && message.equals(existing.path("message").asText())) {
            return;
        }
        ObjectNode c = existing != null ? existing : conditions.addObject();
        String transition = existing != null && value.equals(existing.path("status").asText())
                ? existing.path("lastTransitionTime").asText(now) : now;
        c.removeAll();
        c.put("type", type);
        c.put("status", value);
        if (withUpdateTime) {
            c.put("lastUpdateTime", now);
        }
        c.put("lastTransitionTime", transition);
        c.put("reason", reason);
        c.put("message", message);
    }

    /** Puts a non-zero int, or removes the field, as Go's omitempty does. */
    static void putOmitZero(ObjectNode node, String field, int value) {
        if (value == 0) {
            node.remove(field);
        } else {
            node.put(field, value);
        }
    }
}
