package dev.rollout.core.conductor.versions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.api.RolloutException;
import dev.rollout.api.model.Revision;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stored JSON of one environment, schema {@value #SCHEMA}: {@code schema}, {@code service},
 * {@code environment}, {@code clusters} (by name: {@code revision}, {@code since},
 * {@code requestId}, {@code previous}), {@code deploying} and {@code pending} (tickets or
 * {@code null}) and {@code history}. A revision is {@code {"id":..,"attributes":{..}}}; times are
 * ISO-8601 strings. Independent of the public records, so they can change without a migration.
 * Thread-safe.
 */
final class VersionCodec {
    /** The schema this code writes and the newest it reads. */
    static final int SCHEMA = 1;

    private final ObjectMapper mapper = new ObjectMapper();

    String encode(VersionDocument doc) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("service", doc.service);
        root.put("environment", doc.environment);
        ObjectNode clusters = root.putObject("clusters");
        for (ClusterVersion c : doc.clusters.values()) {
            ObjectNode node = clusters.putObject(c.cluster());
            node.set("revision", revision(c.revision()));
            node.put("since", c.since().toString());
            node.put("requestId", c.requestId());
            node.set("previous", c.previous().map(this::revision).orElse(null));
        }
        root.set("deploying", ticket(doc.deploying));
        root.set("pending", ticket(doc.pending));
        ArrayNode history = root.putArray("history");
        for (HistoryEntry e : doc.history) {
            history.addObject().put("time", e.time().toString()).put("kind", e.kind().name())
                    .put("requestId", e.requestId()).put("revision", e.revision())
                    .put("cluster", e.cluster()).put("message", e.message());
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /**
     * Reads a stored document.
     *
     * @throws RolloutException naming the key and field when it is not valid, or was written by
     *     a newer rollout with a schema this one does not know
     */
    VersionDocument decode(String key, String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw corrupt(key, "it is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw corrupt(key, "it is not a JSON object");
        }
        JsonNode schema = root.get("schema");
        if (schema == null || !schema.canConvertToInt() || schema.asInt() < 1) {
            throw corrupt(key, "field 'schema' is missing or not a positive integer");
        }
        if (schema.asInt() > SCHEMA) {
            throw new RolloutException("version document '" + key + "' has schema "
                    + schema.asInt() + ", written by a newer rollout; this one reads schema "
                    + SCHEMA + " and older, so upgrade rollout to read it");
        }
        Reader r = new Reader(key);
        VersionDocument doc = new VersionDocument(r.text(root, "service"),
                r.text(root, "environment"));
        JsonNode clusters = r.object(root, "clusters");
        for (Map.Entry<String, JsonNode> field : clusters.properties()) {
            String at = "clusters." + field.getKey();
            JsonNode c = r.require(field.getValue(), at, JsonNode::isObject, "an object");
            doc.clusters.put(field.getKey(), new ClusterVersion(field.getKey(),
                    r.revision(c.get("revision"), at + ".revision"),
                    r.instant(c, "since", at), r.text(c, "requestId", at),
                    Optional.ofNullable(r.optionalRevision(c.get("previous"), at + ".previous"))));
        }
        doc.deploying = r.ticket(root.get("deploying"), "deploying");
        doc.pending = r.ticket(root.get("pending"), "pending");
        JsonNode history = r.require(root.get("history"), "history", JsonNode::isArray, "an array");
        for (int i = 0; i < history.size(); i++) {
            String at = "history[" + i + "]";
            JsonNode e = r.require(history.get(i), at, JsonNode::isObject, "an object");
            JsonNode cluster = e.get("cluster");
            doc.history.add(new HistoryEntry(r.instant(e, "time", at), r.kind(e, at),
                    r.text(e, "requestId", at), r.text(e, "revision", at),
                    cluster == null || cluster.isNull() ? null : r.text(e, "cluster", at),
                    r.text(e, "message", at)));
        }
        return doc;
    }

    private ObjectNode revision(Revision revision) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", revision.id());
        ObjectNode attributes = node.putObject("attributes");
        revision.attributes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(a -> attributes.put(a.getKey(), a.getValue()));
        return node;
    }

    private ObjectNode ticket(DeployTicket ticket) {
        if (ticket == null) {
            return null;
        }
        ObjectNode node = mapper.createObjectNode();
        node.put("requestId", ticket.requestId());
        node.set("revision", revision(ticket.revision()));
        node.put("owner", ticket.owner());
        node.put("requestedAt", ticket.requestedAt().toString());
        return node;
    }

    private static RolloutException corrupt(String key, String reason) {
        return new RolloutException("corrupt version document '" + key + "': " + reason
                + "; repair or delete it");
    }

    /** Field readers that name the key and the field path in every error. */
    private record Reader(String key) {
        JsonNode require(JsonNode node, String at, java.util.function.Predicate<JsonNode> ok,
                String what) {
            if (node == null || !ok.test(node)) {
                throw corrupt(key, "field '" + at + "' is missing or not " + what);
            }
            return node;
        }

        String text(JsonNode parent, String field) {
            return text(parent, field, null);
        }

        String text(JsonNode parent, String field, String at) {
            return require(parent.get(field), at == null ? field : at + "." + field,
                    JsonNode::isTextual, "a string").asText();
        }

        JsonNode object(JsonNode parent, String field) {
            return require(parent.get(field), field, JsonNode::isObject, "an object");
        }

        Instant instant(JsonNode parent, String field, String at) {
            String text = text(parent, field, at);
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw corrupt(key, "field '" + at + "." + field + "' is not an ISO-8601 instant: "
                        + text);
            }
        }

        HistoryEntry.Kind kind(JsonNode entry, String at) {
            String text = text(entry, "kind", at);
            try {
                return HistoryEntry.Kind.valueOf(text);
            } catch (IllegalArgumentException e) {
                throw corrupt(key, "field '" + at + ".kind' is not a known kind: " + text);
            }
        }

        Revision optionalRevision(JsonNode node, String at) {
            return node == null || node.isNull() ? null : revision(node, at);
        }

        Revision revision(JsonNode node, String at) {
            require(node, at, JsonNode::isObject, "an object");
            String id = require(node.get("id"), at + ".id", n -> n.isTextual() && !n.asText().isBlank(),
                    "a non-blank string").asText();
            Map<String, String> attributes = new LinkedHashMap<>();
            JsonNode attrs = node.get("attributes");
            if (attrs != null && !attrs.isNull()) {
                require(attrs, at + ".attributes", JsonNode::isObject, "an object");
                attrs.properties().forEach(a -> attributes.put(a.getKey(),
                        require(a.getValue(), at + ".attributes." + a.getKey(),
                                JsonNode::isTextual, "a string").asText()));
            }
            return new Revision(id, attributes);
        }

        DeployTicket ticket(JsonNode node, String at) {
            if (node == null || node.isNull()) {
                return null;
            }
            require(node, at, JsonNode::isObject, "an object or null");
            return new DeployTicket(text(node, "requestId", at),
                    revision(node.get("revision"), at + ".revision"), text(node, "owner", at),
                    instant(node, "requestedAt", at));
        }
    }
}
