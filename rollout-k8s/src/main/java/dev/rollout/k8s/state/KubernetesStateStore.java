package dev.rollout.k8s.state;

import com.google.gson.JsonObject;
import dev.rollout.api.ConflictException;
import dev.rollout.api.TargetException;
import dev.rollout.api.spi.StateStore;
import dev.rollout.k8s.RolloutLabels;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.internal.Gvr;
import dev.rollout.k8s.internal.Json;
import dev.rollout.k8s.internal.Kube;
import dev.rollout.k8s.internal.KubeCallException;
import dev.rollout.k8s.internal.Names;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps each rollout's state in its own ConfigMap of one namespace ({@code data.state}), named
 * {@code rollout-state-<key>} (sanitised, with a hash when needed) and labelled
 * {@code rollouts.dev/managed-by=rollout-state}. The version is a counter in an annotation; every
 * write is a compare-and-set on the ConfigMap's resourceVersion, so two engines never overwrite
 * each other. Thread-safe.
 */
public final class KubernetesStateStore implements StateStore {
    /** The value of {@code rollouts.dev/managed-by} on state ConfigMaps. */
    public static final String MANAGER = RolloutLabels.MANAGER + "-state";
    static final String KEY_ANNOTATION = "rollouts.dev/state-key";
    static final String VERSION_ANNOTATION = "rollouts.dev/state-version";
    static final String DATA_KEY = "state";
    /** ConfigMaps hold at most 1 MiB; keep room for metadata. */
    static final int MAX_DOCUMENT_BYTES = 1_000_000;

    private final Kube kube;
    private final String namespace;

    /** A store in {@code namespace} of the connection's cluster. */
    public KubernetesStateStore(KubernetesConnection connection, String namespace) {
        this.kube = new Kube(connection.client());
        this.namespace = Objects.requireNonNull(namespace, "namespace");
    }

    /** The ConfigMap name that holds a key. */
    public static String configMapName(String key) {
        return Names.dnsLabel("rollout-state", key);
    }

    @Override
    public Optional<Stored> get(String key) {
        checkKey(key);
        return kube.get(Gvr.CONFIG_MAPS, namespace, configMapName(key)).map(cm -> stored(key, cm));
    }

    @Override
    public List<Stored> list() {
        List<Stored> out = new ArrayList<>();
        for (JsonObject cm : kube.list(Gvr.CONFIG_MAPS, namespace,
                RolloutLabels.MANAGED_BY + "=" + MANAGER)) {
            Json.str(cm, "metadata", "annotations", KEY_ANNOTATION)
                    .ifPresent(key -> out.add(stored(key, cm)));
        }
        out.sort(Comparator.comparing(Stored::key));
        return out;
    }

    @Override
    public long put(String key, String document, long expectedVersion) {
        checkKey(key);
        Objects.requireNonNull(document, "document");
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must not be negative, was "
                    + expectedVersion);
        }
        if (document.getBytes(StandardCharsets.UTF_8).length > MAX_DOCUMENT_BYTES) {
            throw new TargetException("state of " + key + " is larger than a ConfigMap holds ("
                    + MAX_DOCUMENT_BYTES + " bytes)");
        }
        String name = configMapName(key);
        Optional<JsonObject> current = kube.get(Gvr.CONFIG_MAPS, namespace, name);
        long version = current.map(cm -> version(cm)).orElse(0L);
        if (version != expectedVersion) {
            throw conflict(key, expectedVersion, version);
        }
        long next = version + 1;
        try {
            if (current.isEmpty()) {
                kube.create(Gvr.CONFIG_MAPS, newConfigMap(key, name, document, next));
            } else {
                JsonObject cm = current.get();
                Json.ensure(cm, "metadata", "annotations")
                        .addProperty(VERSION_ANNOTATION, Long.toString(next));
                Json.ensure(cm, "data").addProperty(DATA_KEY, document);
                kube.replace(Gvr.CONFIG_MAPS, cm);
            }
        } catch (KubeCallException e) {
            if (e.code() == 409) {
                throw new ConflictException("state of " + key + " was changed by another writer "
                        + "(expected version " + expectedVersion + ")");
            }
            throw e;
        }
        return next;
    }

    @Override
    public void delete(String key, long expectedVersion) {
        checkKey(key);
        String name = configMapName(key);
        Optional<JsonObject> current = kube.get(Gvr.CONFIG_MAPS, namespace, name);
        if (current.isEmpty()) {
            return;
        }
        long version = version(current.get());
        if (version != expectedVersion) {
            throw conflict(key, expectedVersion, version);
        }
        try {
            kube.delete(Gvr.CONFIG_MAPS, namespace, name,
                    Json.str(current.get(), "metadata", "resourceVersion").orElse(null));
        } catch (KubeCallException e) {
            if (e.code() == 409) {
                throw new ConflictException("state of " + key
                        + " was changed by another writer before its deletion");
            }
            throw e;
        }
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
    }

    private JsonObject newConfigMap(String key, String name, String document, long version) {
        JsonObject cm = new JsonObject();
        cm.addProperty("kind", "ConfigMap");
        JsonObject metadata = Json.ensure(cm, "metadata");
        metadata.addProperty("name", name);
        metadata.addProperty("namespace", namespace);
        Json.ensure(metadata, "labels").addProperty(RolloutLabels.MANAGED_BY, MANAGER);
        JsonObject annotations = Json.ensure(metadata, "annotations");
        annotations.addProperty(KEY_ANNOTATION, key);
        annotations.addProperty(VERSION_ANNOTATION, Long.toString(version));
        Json.ensure(cm, "data").addProperty(DATA_KEY, document);
        return cm;
    }

    private static long version(JsonObject cm) {
        return Json.num(cm, 1, "metadata", "annotations", VERSION_ANNOTATION);
    }

    private static Stored stored(String key, JsonObject cm) {
        return new Stored(key, Json.str(cm, "data", DATA_KEY).orElse(""), version(cm));
    }

    private static ConflictException conflict(String key, long expected, long actual) {
        return new ConflictException("state of " + key + " is at version " + actual
                + ", expected " + expected);
    }

    @Override
    public String toString() {
        return "KubernetesStateStore[" + namespace + "]";
    }
}
