package dev.rollout.k8s.fake;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The text {@code GET /api/v1/namespaces/{ns}/pods/{name}/log} answers, per pod. Thread-safe. */
public final class PodLogs {
    private final Map<String, String> logs = new ConcurrentHashMap<>();

    /** Sets the log of a pod (replacing any earlier one). */
    public void put(String namespace, String pod, String text) {
        logs.put(namespace + "/" + pod, text);
    }

    /** The log of a pod, empty when none was set. */
    public String get(String namespace, String pod) {
        return logs.getOrDefault(namespace + "/" + pod, "");
    }
}
