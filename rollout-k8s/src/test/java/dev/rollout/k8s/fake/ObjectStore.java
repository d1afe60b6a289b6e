package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.api.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The fake server's state: every object by type, namespace and name, with the metadata rules of
 * the real API server (uid, a global resourceVersion counter, generation, creationTimestamp,
 * optimistic concurrency, status subresource split, finalizers, owner-reference garbage
 * collection). Objects are stored version-less: the same object is visible through every version
 * of its group. Every method returns copies. Thread-safe (one lock).
 */
public final class ObjectStore {
    /**
     * A change, as a watch reports it.
     *
     * @param type ADDED, MODIFIED or DELETED
     * @param resourceType the type of the object
     * @param resourceVersion the resourceVersion the change produced
     * @param object the object after the change (the last state for DELETED)
     * @param previous the object before a MODIFIED change, else null
     */
    public record Event(String type, ResourceType resourceType, long resourceVersion, ObjectNode object,
                        ObjectNode previous) {
    }

    private record Key(String group, String plural, String namespace, String name) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return (group + "/" + plural + "/" + namespace + "/" + name)
                    .compareTo(o.group + "/" + o.plural + "/" + o.namespace + "/" + o.name);
        }
    }

    private static final int HISTORY = 10_000;

    private final Clock clock;
    private final Map<Key, ObjectNode> objects = new TreeMap<>();
    private final Map<Key, ResourceType> typeOf = new HashMap<>();
    private final List<Event> history = new ArrayList<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private long resourceVersion = 1000;
    private long uids;
    private long generated;

    ObjectStore(Clock clock) {
        this.clock = clock;
    }

    /** A detached copy for a dry run: same objects and counters, no history, no listeners. */
    synchronized ObjectStore dryRunCopy() {
        ObjectStore copy = new ObjectStore(clock);
        objects.forEach((k, v) -> copy.objects.put(k, v.deepCopy()));
        copy.typeOf.putAll(typeOf);
        copy.resourceVersion = resourceVersion;
        copy.uids = uids;
        copy.generated = generated;
        return copy;
    }

    /** The latest resourceVersion issued. */
    public synchronized long resourceVersion() {
        return resourceVersion;
    }

    /** The object, if it exists and is not deleted. */
    public synchronized Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
        ObjectNode o = objects.get(key(type, namespace, name));
        return Optional.ofNullable(o == null ? null : o.deepCopy());
    }

    /** All objects of a type, in one namespace or (null namespace) in all, ordered by namespace and name. */
    public synchronized List<ObjectNode> list(ResourceType type, String namespace) {
        List<ObjectNode> out = new ArrayList<>();
        for (Map.Entry<Key, ObjectNode> e : objects.entrySet()) {
            Key k = e.getKey();
            if (k.group.equals(type.group()) && k.plural.equals(type.plural())
                    && (namespace == null || k.namespace.equals(namespace))) {
                out.add(e.getValue().deepCopy());
            }
        }
        return out;
    }

    /** Creates an object as a POST does; the namespace comes from the URL ("" for cluster-scoped). */
    public synchronized ObjectNode create(ResourceType type, String namespace, ObjectNode body) {
        ObjectNode obj = body.deepCopy();
        ObjectNode meta = obj.withObjectProperty("metadata");
        String name = meta.path("name").asText("");
        if (name.isEmpty()) {
            String prefix = meta.path("generateName").asText("");
            if (prefix.isEmpty()) {
                throw StatusError.invalid(type, "", "metadata.name: Required value: name or generateName is required");
            }
            name = prefix + String.format("%5s", Long.toString(++generated * 7919 % 60_466_176L, 36)).replace(' ', '0');
            meta.put("name", name);
        }
        String ns = meta.path("namespace").asText("");
        if (!namespace.isEmpty() && !ns.isEmpty() && !ns.equals(namespace)) {
            throw StatusError.badRequest("the namespace of the provided object does not match the namespace sent on"
                    + " the request");
        }
        Key key = key(type, namespace, name);
        if (objects.containsKey(key)) {
            throw StatusError.alreadyExists(type, name);
        }
        if (!namespace.isEmpty()) {
            meta.put("namespace", namespace);
        }
        if (!obj.has("kind")) {
            obj.put("kind", type.kind());
        }
        if (type.statusSubresource()) {
            obj.remove("status");
        }
        meta.put("uid", new UUID(0x5ca1ab1e00004000L, ++uids | 0x8000000000000000L).toString());
        meta.put("creationTimestamp", now());
        meta.remove("deletionTimestamp");
        if (type.generation()) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
        return store(key, type, obj, "ADDED");
    }

    /**
     * Replaces an object as a PUT does: on the main resource {@code .status} is kept from the stored
     * object when the type has a status subresource; with {@code statusOnly} only {@code .status}
     * changes. A resourceVersion in the body must match; none is allowed for built-in kinds only.
     */
    public synchronized ObjectNode replace(ResourceType type, String namespace, String name, ObjectNode body,
                                           boolean statusOnly) {
        Key key = key(type, namespace, name);
        ObjectNode current = objects.get(key);
        if (current == null) {
            throw StatusError.notFound(type, name);
        }
        String bodyName = body.path("metadata").path("name").asText("");
        if (!bodyName.isEmpty() && !bodyName.equals(name)) {
            throw StatusError.badRequest("the name of the object (" + bodyName
                    + ") does not match the name on the URL (" + name + ")");
        }
        String rv = body.path("metadata").path("resourceVersion").asText("");
        if (rv.isEmpty() && !type.builtIn()) {
            throw StatusError.invalid(type, name,
                    "metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
        }
        if (!rv.isEmpty() && !rv.equals(current.path("metadata").path("resourceVersion").asText())) {
            throw StatusError.conflict(type, name);
        }
        ObjectNode next;
        if (statusOnly) {
            next = current.deepCopy();
            if (body.has("status")) {
                next.set("status", body.get("status").deepCopy());
            } else {
                next.remove("status");
            }
        } else {
            next = body.deepCopy();
            if (type.statusSubresource()) {
                if (current.has("status")) {
                    next.set("status", current.get("status").deepCopy());
                } else {
                    next.remove("status");
                }
            }
            keepServerMetadata(current, next);
        }
        return update(key, type, current, next);
    }

    /**
     * Changes an object without optimistic concurrency or the status split, as a controller does;
     * the function gets a copy and returns the new object (or the same, to skip the write).
     */
    public synchronized Optional<ObjectNode> mutate(ResourceType type, String namespace, String name,
                                                    UnaryOperator<ObjectNode> change) {
        Key key = key(type, namespace, name);
        ObjectNode current = objects.get(key);
        if (current == null) {
            return Optional.empty();
        }
        ObjectNode next = change.apply(current.deepCopy());
        if (next.equals(current)) {
            return Optional.of(current.deepCopy());
        }
        keepServerMetadata(current, next);
        return Optional.of(update(key, type, current, next));
    }

    /**
     * Deletes an object as a DELETE does and returns it: with finalizers it only gains a
     * deletionTimestamp; otherwise its dependents (by ownerReferences uid) are deleted too, or
     * with {@code orphan} released from their owner.
     */
    public synchronized Optional<ObjectNode> delete(ResourceType type, String namespace, String name, boolean orphan) {
        Key key = key(type, namespace, name);
        ObjectNode current = objects.get(key);
        if (current == null) {
            return Optional.empty();
        }
        if (current.path("metadata").path("finalizers").size() > 0) {
            if (current.path("metadata").has("deletionTimestamp")) {
                return Optional.of(current.deepCopy());
            }
            ObjectNode next = current.deepCopy();
            next.withObjectProperty("metadata").put("deletionTimestamp", now());
            return Optional.of(update(key, type, current, next));
        }
        return Optional.of(remove(key, current, orphan));
    }

    private ObjectNode remove(Key key, ObjectNode current, boolean orphan) {
        ResourceType type = typeOf.remove(key);
        objects.remove(key);
        ObjectNode gone = current.deepCopy();
        gone.withObjectProperty("metadata").put("resourceVersion", Long.toString(++resourceVersion));
        publish(new Event("DELETED", type, resourceVersion, gone, null));
        String uid = current.path("metadata").path("uid").asText();
        for (Key dependent : dependentsOf(uid)) {
            ObjectNode child = objects.get(dependent);
            if (child == null) {
                continue;
            }
            if (orphan) {
                ObjectNode next = child.deepCopy();
                ArrayNode refs = next.withObjectProperty("metadata").withArray("ownerReferences");
                for (Iterator<JsonNode> it = refs.elements(); it.hasNext(); ) {
                    if (uid.equals(it.next().path("uid").asText())) {
                        it.remove();
                    }
                }
                if (refs.isEmpty()) {
                    next.withObjectProperty("metadata").remove("ownerReferences");
                }
                update(dependent, typeOf.get(dependent), child, next);
            } else {
                remove(dependent, child, false);
            }
        }
        return gone;
    }

    private List<Key> dependentsOf(String uid) {
        List<Key> out = new ArrayList<>();
        for (Map.Entry<Key, ObjectNode> e : objects.entrySet()) {
            for (JsonNode ref : e.getValue().path("metadata").path("ownerReferences")) {
                if (uid.equals(ref.path("uid").asText())) {
                    out.add(e.getKey());
                }
            }
        }
        return out;
    }

    private ObjectNode update(Key key, ResourceType type, ObjectNode current, ObjectNode next) {
        ObjectNode meta = next.withObjectProperty("metadata");
        if (type.generation()) {
            long generation = current.path("metadata").path("generation").asLong(1);
            meta.put("generation", specChanged(type, current, next) ? generation + 1 : generation);
        }
        if (current.path("metadata").has("deletionTimestamp") && meta.path("finalizers").isEmpty()) {
            return remove(key, next, false);
        }
        if (stripVolatile(next).equals(stripVolatile(current))) {
            return current.deepCopy();
        }
        return store(key, type, next, "MODIFIED");
    }

    private static ObjectNode stripVolatile(ObjectNode o) {
        ObjectNode copy = o.deepCopy();
        copy.withObjectProperty("metadata").remove("resourceVersion");
        return copy;
    }

    private static boolean specChanged(ResourceType type, ObjectNode current, ObjectNode next) {
        ObjectNode a = current.deepCopy();
        ObjectNode b = next.deepCopy();
        for (ObjectNode o : List.of(a, b)) {
            o.remove("metadata");
            if (type.statusSubresource()) {
                o.remove("status");
            }
        }
        return !a.equals(b);
    }

    private void keepServerMetadata(ObjectNode current, ObjectNode next) {
        ObjectNode from = (ObjectNode) current.get("metadata");
        ObjectNode to = next.withObjectProperty("metadata");
        for (String field : List.of("uid", "creationTimestamp", "namespace", "name", "generation",
                "deletionTimestamp")) {
            if (from.has(field)) {
                to.set(field, from.get(field));
            } else {
                to.remove(field);
            }
        }
        if (!next.has("kind") && current.has("kind")) {
            next.set("kind", current.get("kind"));
        }
    }

    private ObjectNode store(Key key, ResourceType type, ObjectNode obj, String eventType) {
        obj.withObjectProperty("metadata").put("resourceVersion", Long.toString(++resourceVersion));
        ObjectNode previous = objects.put(key, obj);
        typeOf.put(key, type);
        publish(new Event(eventType, type, resourceVersion, obj.deepCopy(), previous));
        return obj.deepCopy();
    }

    private void publish(Event event) {
        history.add(event);
        if (history.size() > HISTORY) {
            history.remove(0);
        }
        for (Consumer<Event> l : listeners) {
            l.accept(event);
        }
    }

    /**
     * Registers a listener and hands it, under the lock, the retained events after
     * {@code sinceResourceVersion}; answers false (nothing registered) when that version is too old.
     */
    synchronized boolean subscribe(long sinceResourceVersion, Consumer<Event> listener) {
        if (!history.isEmpty() && sinceResourceVersion < history.get(0).resourceVersion() - 1) {
            return false;
        }
        for (Event e : history) {
            if (e.resourceVersion() > sinceResourceVersion) {
                listener.accept(e);
            }
        }
        listeners.add(listener);
        return true;
    }

    void unsubscribe(Consumer<Event> listener) {
        listeners.remove(listener);
    }

    /** The events retained so far (for assertions). */
    public synchronized List<Event> history() {
        return Collections.unmodifiableList(new ArrayList<>(history));
    }

    String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static Key key(ResourceType type, String namespace, String name) {
        return new Key(type.group(), type.plural(), namespace == null ? "" : namespace, name);
    }
}
