package dev.rollout.core.yaml;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Kubernetes object's {@code metadata}: what every kind's parser reads the same way.
 *
 * @param name {@code metadata.name}, a DNS-1123 subdomain
 * @param namespace {@code metadata.namespace}, a DNS-1123 label, empty when not written
 * @param labels {@code metadata.labels}
 * @param annotations {@code metadata.annotations}
 */
public record ObjectMeta(String name, Optional<String> namespace, Map<String, String> labels,
        Map<String, String> annotations) {

    /**
     * The fields {@link #read(YamlObject)} accepts: the ones users write, and the ones the API
     * server sets (accepted and ignored, so {@code kubectl get -o yaml} output loads).
     */
    public static final String[] FIELDS = {"name", "namespace", "labels", "annotations",
            "generateName", "uid", "resourceVersion", "generation", "creationTimestamp",
            "deletionTimestamp", "managedFields", "ownerReferences", "finalizers"};

    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    public ObjectMeta {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /**
     * Reads the required {@code metadata} of a document's root object, recording a problem for a
     * missing or invalid name or namespace, or a label or annotation that is not a string; empty
     * when a problem was recorded.
     */
    public static Optional<ObjectMeta> read(YamlObject root) {
        Problems problems = root.reader().problems();
        int mark = problems.count();
        YamlObject metadata = root.requiredObject("metadata", FIELDS);
        String name = metadata.requiredString("name");
        if (name != null && (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches())) {
            problems.add(metadata.get("name").orElseThrow(), "must be a DNS-1123 subdomain"
                    + " (lower-case letters, digits, '-' and '.'), was \"" + name + "\"");
        }
        Optional<String> namespace = metadata.optionalString("namespace");
        if (namespace.isPresent() && (namespace.get().length() > 63
                || !DNS_LABEL.matcher(namespace.get()).matches())) {
            problems.add(metadata.get("namespace").orElseThrow(), "must be a DNS-1123 label"
                    + " (lower-case letters, digits and '-'), was \"" + namespace.get() + "\"");
        }
        Map<String, String> labels = metadata.stringMap("labels");
        Map<String, String> annotations = metadata.stringMap("annotations");
        if (problems.hasNewSince(mark)) {
            return Optional.empty();
        }
        return Optional.of(new ObjectMeta(name, namespace, labels, annotations));
    }
}
