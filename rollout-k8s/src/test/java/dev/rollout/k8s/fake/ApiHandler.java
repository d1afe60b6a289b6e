package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Serves the resource URLs from the {@link ObjectStore}; HTTP plumbing lives in {@link FakeKubeApiServer}. */
final class ApiHandler {
    static final ObjectMapper JSON = new ObjectMapper();

    static final String MERGE = "application/merge-patch+json";
    static final String JSON_PATCH = "application/json-patch+json";
    static final String STRATEGIC = "application/strategic-merge-patch+json";
    static final String APPLY = "application/apply-patch+yaml";

    /** An answer: a status code and a JSON body. */
    record Response(int code, JsonNode body) {
    }

    private final ObjectStore store;
    private final ResourceTypes types;
    private volatile boolean validate;

    ApiHandler(ObjectStore store, ResourceTypes types, boolean validate) {
        this.store = store;
        this.types = types;
        this.validate = validate;
    }

    void validate(boolean on) {
        this.validate = on;
    }

    Response handle(String method, ApiPath p, Map<String, String> query, String contentType, byte[] body) {
        if (query.containsKey("dryRun") && !"GET".equals(method)) {
            if (!"All".equals(query.get("dryRun"))) {
                throw StatusError.badRequest("dryRun: Unsupported value: \"" + query.get("dryRun")
                        + "\": supported values: \"All\"");
            }
            Map<String, String> rest = new HashMap<>(query);
            rest.remove("dryRun");
            return new ApiHandler(store.dryRunCopy(), types, validate).handle(method, p, rest, contentType, body);
        }
        ResourceType type = types.resolve(p.group(), p.plural(), null);
        if (p.name() == null) {
            return switch (method) {
                case "GET" -> new Response(200, list(type, p, query));
                case "POST" -> create(type, p, body);
                case "DELETE" -> deleteCollection(type, p, query);
                default -> throw methodNotAllowed(method);
            };
        }
        String sub = p.subresource();
        if (sub != null && !sub.equals("status") && !(sub.equals("scale") && isScalable(type))) {
            throw new StatusError(404, "NotFound", "the server could not find the requested resource", type, p.name());
        }
        if (sub != null && sub.equals("status") && !type.statusSubresource()) {
            throw new StatusError(404, "NotFound", "the server could not find the requested resource", type, p.name());
        }
        return switch (method) {
            case "GET" -> new Response(200, "scale".equals(sub) ? scale(type, p, get(type, p))
                    : out(get(type, p), p, true));
            case "PUT" -> new Response(200, put(type, p, parseObject(body)));
            case "PATCH" -> APPLY.equals(contentType) ? apply(type, p, query, body)
                    : new Response(200, patch(type, p, contentType, body));
            case "DELETE" -> delete(type, p, query, body);
            default -> throw methodNotAllowed(method);
        };
    }

    private static StatusError methodNotAllowed(String method) {
        return new StatusError(405, "MethodNotAllowed", "the server does not allow this method on the requested"
                + " resource: " + method, null, null);
    }

    private static boolean isScalable(ResourceType type) {
        return type.group().equals("apps") && List.of("deployments", "replicasets", "statefulsets")
                .contains(type.plural());
    }

    private ObjectNode get(ResourceType type, ApiPath p) {
        return store.get(type, p.namespace(), p.name()).orElseThrow(() -> StatusError.notFound(type, p.name()));
    }

    private ObjectNode list(ResourceType type, ApiPath p, Map<String, String> query) {
        LabelSelector labels = LabelSelector.parse(query.get("labelSelector"));
        FieldSelector fields = FieldSelector.parse(query.get("fieldSelector"));
        ObjectNode result = JSON.createObjectNode();
        String kind = type.kind();
        ArrayNode items = JSON.createArrayNode();
        for (ObjectNode o : store.list(type, p.namespace())) {
            if (labels.test(labelsOf(o)) && fields.test(o)) {
                kind = o.path("kind").asText(kind);
                items.add(out(o, p, !type.builtIn()));
            }
        }
        result.put("kind", kind + "List");
        result.put("apiVersion", p.apiVersion());
        result.putObject("metadata").put("resourceVersion", Long.toString(store.resourceVersion()));
        result.set("items", items);
        return result;
    }

    static Map<String, String> labelsOf(JsonNode o) {
        Map<String, String> labels = new HashMap<>();
        o.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** Stamps the URL's apiVersion; list items of built-in kinds carry no kind/apiVersion, as on the real server. */
    static ObjectNode out(ObjectNode o, ApiPath p, boolean withTypeMeta) {
        if (withTypeMeta) {
            o.put("apiVersion", p.apiVersion());
        } else {
            o.remove("apiVersion");
            o.remove("kind");
        }
        return o;
    }

    private Response create(ResourceType type, ApiPath p, byte[] body) {
        ObjectNode obj = parseObject(body);
        if (obj.has("kind") && !types.isRegistered(type)) {
            type = types.learn(p.group(), p.plural(), obj.get("kind").asText());
        }
        obj.put("apiVersion", p.apiVersion());
        String ns = p.namespace() == null ? "" : p.namespace();
        if (!obj.path("metadata").path("resourceVersion").asText("").isEmpty()) {
            // The real API server's storage layer refuses this with a bare error, hence a 500.
            throw new StatusError(500, "InternalError",
                    "resourceVersion should not be set on objects to be created", null, null);
        }
        if (validate) {
            ObjectNode named = obj.deepCopy();
            if (named.path("metadata").path("name").asText("").isEmpty()) {
                String prefix = named.path("metadata").path("generateName").asText("");
                named.withObjectProperty("metadata").put("name", prefix.isEmpty() ? "" : prefix + "x0000");
            }
            if (!named.path("metadata").path("name").asText("").isEmpty()) {
                Validation.check(type, named, null);
            }
        }
        return new Response(201, out(store.create(type, ns, obj), p, true));
    }

    private ObjectNode put(ResourceType type, ApiPath p, ObjectNode body) {
        if ("scale".equals(p.subresource())) {
            return writeScale(type, p, body);
        }
        body.put("apiVersion", p.apiVersion());
        boolean statusOnly = "status".equals(p.subresource());
        if (validate && !statusOnly) {
            ObjectNode current = get(type, p);
            ObjectNode named = body.deepCopy();
            named.withObjectProperty("metadata").put("name", p.name());
            Validation.check(type, named, current);
        }
        return out(store.replace(type, p.namespace(), p.name(), body, statusOnly), p, true);
    }

    private ObjectNode patch(ResourceType type, ApiPath p, String contentType, byte[] body) {
        JsonNode patch = parse(body);
        ObjectNode current = "scale".equals(p.subresource()) ? scale(type, p, get(type, p)) : get(type, p);
        JsonNode patched;
        try {
            patched = switch (contentType) {
                case MERGE -> Patches.mergePatch(current, patch);
                case JSON_PATCH -> Patches.jsonPatch(current, patch);
                case STRATEGIC -> {
                    if (!type.builtIn()) {
                        throw StatusError.unsupportedMediaType(JSON_PATCH + ", " + MERGE + ", " + APPLY);
                    }
                    yield Patches.strategicMergePatch(current, patch);
                }
                default -> throw StatusError.unsupportedMediaType(JSON_PATCH + ", " + MERGE + ", " + APPLY
                        + (type.builtIn() ? ", " + STRATEGIC : ""));
            };
        } catch (IllegalArgumentException e) {
            throw StatusError.badRequest(e.getMessage());
        } catch (Patches.PatchFailedException e) {
            throw new StatusError(422, "Invalid", e.getMessage(), null, null);
        }
        if (!patched.isObject()) {
            throw StatusError.badRequest("the patched object is not a JSON object");
        }
        return put(type, p, (ObjectNode) patched);
    }

    /**
     * Server-side apply, approximated: creates the object when it is missing, otherwise merges the
     * applied configuration into it (strategic merge for built-in kinds, JSON merge for custom
     * resources). No field ownership: fields left out of the applied configuration are kept, and
     * there are no apply conflicts or managedFields.
     */
    private Response apply(ResourceType type, ApiPath p, Map<String, String> query, byte[] body) {
        if (query.getOrDefault("fieldManager", "").isEmpty()) {
            throw StatusError.invalid(null, null,
                    "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }
        JsonNode config = parseYaml(body);
        if (!config.isObject()) {
            throw StatusError.badRequest("the applied configuration must be an object");
        }
        ObjectNode applied = (ObjectNode) config;
        String bodyName = applied.path("metadata").path("name").asText("");
        if (!bodyName.equals(p.name())) {
            throw StatusError.badRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + p.name() + ")");
        }
        if ("scale".equals(p.subresource())) {
            throw StatusError.badRequest("server-side apply on /scale is not supported by the fake");
        }
        applied.put("apiVersion", p.apiVersion());
        java.util.Optional<ObjectNode> current = store.get(type, p.namespace(), p.name());
        if (current.isEmpty()) {
            if (p.subresource() != null) {
                throw StatusError.notFound(type, p.name());
            }
            if (validate) {
                Validation.check(type, applied, null);
            }
            return new Response(201, out(store.create(type, p.namespace(), applied), p, true));
        }
        JsonNode merged = type.builtIn() ? Patches.strategicMergePatch(current.get(), applied)
                : Patches.mergePatch(current.get(), applied);
        ((ObjectNode) merged).withObjectProperty("metadata")
                .put("resourceVersion", current.get().path("metadata").path("resourceVersion").asText());
        return new Response(200, put(type, p, (ObjectNode) merged));
    }

    private static JsonNode parseYaml(byte[] body) {
        try {
            JsonNode node = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(body);
            if (node == null || node.isMissingNode()) {
                throw StatusError.badRequest("the request body is empty");
            }
            return node;
        } catch (IOException e) {
            throw StatusError.badRequest("the request body is not valid YAML or JSON: " + e.getMessage());
        }
    }

    private Response delete(ResourceType type, ApiPath p, Map<String, String> query, byte[] body) {
        JsonNode options = body.length == 0 ? JSON.createObjectNode() : parse(body);
        String policy = query.getOrDefault("propagationPolicy", options.path("propagationPolicy").asText(""));
        boolean orphan = "Orphan".equals(policy) || "true".equals(query.get("orphanDependents"))
                || options.path("orphanDependents").asBoolean(false);
        String expectedRv = options.path("preconditions").path("resourceVersion").asText("");
        ObjectNode current = get(type, p);
        if (!expectedRv.isEmpty() && !expectedRv.equals(current.path("metadata").path("resourceVersion").asText())) {
            throw StatusError.conflict(type, p.name());
        }
        ObjectNode deleted = store.delete(type, p.namespace(), p.name(), orphan)
                .orElseThrow(() -> StatusError.notFound(type, p.name()));
        if (deleted.path("metadata").has("deletionTimestamp") || !type.builtIn()) {
            return new Response(200, out(deleted, p, true));
        }
        ObjectNode status = StatusError.status(200, "Success", null, null, type, p.name());
        ((ObjectNode) status.get("details")).put("uid", deleted.path("metadata").path("uid").asText());
        status.remove("code");
        return new Response(200, status);
    }

    private Response deleteCollection(ResourceType type, ApiPath p, Map<String, String> query) {
        ObjectNode listed = list(type, p, query);
        for (JsonNode item : listed.get("items")) {
            store.delete(type, item.path("metadata").path("namespace").asText(""),
                    item.path("metadata").path("name").asText(), false);
        }
        return new Response(200, listed);
    }

    private ObjectNode scale(ResourceType type, ApiPath p, ObjectNode o) {
        ObjectNode scale = JSON.createObjectNode();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (o.path("metadata").has(f)) {
                meta.set(f, o.path("metadata").get(f));
            }
        }
        scale.putObject("spec").put("replicas", o.path("spec").path("replicas").asInt(1));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", o.path("status").path("replicas").asInt(0));
        Map<String, String> match = new HashMap<>();
        o.path("spec").path("selector").path("matchLabels").properties()
                .forEach(e -> match.put(e.getKey(), e.getValue().asText()));
        status.put("selector", String.join(",", match.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
        return scale;
    }

    private ObjectNode writeScale(ResourceType type, ApiPath p, ObjectNode scale) {
        ObjectNode current = get(type, p);
        String rv = scale.path("metadata").path("resourceVersion").asText("");
        if (!rv.isEmpty() && !rv.equals(current.path("metadata").path("resourceVersion").asText())) {
            throw StatusError.conflict(type, p.name());
        }
        if (!scale.path("spec").path("replicas").canConvertToInt() || scale.path("spec").path("replicas").asInt() < 0) {
            throw StatusError.invalid(type, p.name(), "spec.replicas: Invalid value: must be a non-negative integer");
        }
        current.withObjectProperty("spec").put("replicas", scale.path("spec").path("replicas").asInt());
        current.withObjectProperty("metadata").remove("resourceVersion");
        ObjectNode updated = store.replace(type, p.namespace(), p.name(), current, false);
        return scale(type, p, updated);
    }

    static JsonNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw StatusError.badRequest("the request body is empty");
            }
            return node;
        } catch (IOException e) {
            throw StatusError.badRequest("the request body is not valid JSON: " + e.getMessage());
        }
    }

    static ObjectNode parseObject(byte[] body) {
        JsonNode node = parse(body);
        if (!node.isObject()) {
            throw StatusError.badRequest("the request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** A {@code fieldSelector} over {@code metadata.name} and {@code metadata.namespace} ({@code =}, {@code ==}, {@code !=}). */
    record FieldSelector(Map<String, String> equal, Map<String, String> notEqual) {
        static FieldSelector parse(String selector) {
            Map<String, String> eq = new HashMap<>();
            Map<String, String> ne = new HashMap<>();
            if (selector != null && !selector.isBlank()) {
                for (String term : selector.split(",")) {
                    int i = term.indexOf("!=");
                    if (i > 0) {
                        ne.put(term.substring(0, i).trim(), term.substring(i + 2).trim());
                        continue;
                    }
                    i = term.indexOf('=');
                    if (i <= 0) {
                        throw StatusError.badRequest("invalid selector: '" + selector + "'");
                    }
                    eq.put(term.substring(0, i).trim(), term.substring(term.startsWith("==", i) ? i + 2 : i + 1).trim());
                }
            }
            return new FieldSelector(eq, ne);
        }

        boolean test(JsonNode o) {
            return equal.entrySet().stream().allMatch(e -> e.getValue().equals(field(o, e.getKey())))
                    && notEqual.entrySet().stream().noneMatch(e -> e.getValue().equals(field(o, e.getKey())));
        }

        private static String field(JsonNode o, String path) {
            JsonNode node = o;
            for (String part : path.split("\\.")) {
                node = node.path(part);
            }
            return node.isValueNode() ? node.asText() : "";
        }
    }

    static Optional<String> text(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }
}
