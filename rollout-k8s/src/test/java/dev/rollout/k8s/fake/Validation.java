package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The subset of the API server's validation that catches real bugs in client code: object names
 * (RFC 1123 subdomain; RFC 1035 label for Services), label keys and values (also in pod
 * templates), for Deployments, ReplicaSets, StatefulSets and DaemonSets a selector that is
 * present, matches the template labels and does not change, and a Job's template, selector and
 * completions that do not change. Applies to writes that come over HTTP.
 */
final class Validation {
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
    private static final Set<String> WITH_SELECTOR = Set.of("deployments", "replicasets", "statefulsets",
            "daemonsets");

    private Validation() {
    }

    /** Throws a 422 naming every problem of {@code obj}; {@code current} is the stored object on an update. */
    static void check(ResourceType type, JsonNode obj, JsonNode current) {
        List<String> problems = new ArrayList<>();
        String name = obj.path("metadata").path("name").asText("");
        if (type.builtIn() && type.plural().equals("services")) {
            if (name.length() > 63 || !DNS1035.matcher(name).matches()) {
                problems.add("metadata.name: Invalid value: \"" + name + "\": a DNS-1035 label must consist of lower"
                        + " case alphanumeric characters or '-', start with an alphabetic character, and end with an"
                        + " alphanumeric character (at most 63 characters)");
            }
        } else if (name.length() > 253 || !SUBDOMAIN.matcher(name).matches()) {
            problems.add("metadata.name: Invalid value: \"" + name + "\": a lowercase RFC 1123 subdomain must consist"
                    + " of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric"
                    + " character");
        }
        labels("metadata.labels", obj.path("metadata").path("labels"), problems);
        if (type.builtIn()) {
            labels("spec.template.metadata.labels", obj.path("spec").path("template").path("metadata").path("labels"),
                    problems);
        }
        if (type.builtIn() && type.group().equals("apps") && WITH_SELECTOR.contains(type.plural())) {
            selector(obj, current, problems);
        }
        if (type.builtIn() && type.plural().equals("jobs") && current != null) {
            for (String field : new String[] {"template", "selector", "completions"}) {
                if (!obj.path("spec").path(field).equals(current.path("spec").path(field))) {
                    problems.add("spec." + field + ": Invalid value: " + obj.path("spec").path(field)
                            + ": field is immutable");
                }
            }
        }
        if (!problems.isEmpty()) {
            String kind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
            throw new StatusError(422, "Invalid", kind + " \"" + name + "\" is invalid: "
                    + String.join(", ", problems), type, name);
        }
    }

    private static void labels(String field, JsonNode labels, List<String> problems) {
        for (Map.Entry<String, JsonNode> e : labels.properties()) {
            String key = e.getKey();
            String value = e.getValue().asText("");
            int slash = key.indexOf('/');
            String prefix = slash < 0 ? "" : key.substring(0, slash);
            String base = slash < 0 ? key : key.substring(slash + 1);
            boolean keyOk = !base.isEmpty() && base.length() <= 63 && LABEL.matcher(base).matches()
                    && (slash < 0 || (prefix.length() <= 253 && SUBDOMAIN.matcher(prefix).matches()));
            if (!keyOk) {
                problems.add(field + ": Invalid value: \"" + key + "\": name part must consist of alphanumeric"
                        + " characters, '-', '_' or '.', and must start and end with an alphanumeric character"
                        + " (an optional prefix is a DNS subdomain)");
            }
            if (!e.getValue().isTextual() || value.length() > 63 || !LABEL.matcher(value).matches()) {
                problems.add(field + ": Invalid value: \"" + value + "\": a valid label must be an empty string or"
                        + " consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
                        + " alphanumeric character (at most 63 characters)");
            }
        }
    }

    private static void selector(JsonNode obj, JsonNode current, List<String> problems) {
        JsonNode selector = obj.path("spec").path("selector");
        if (!selector.isObject() || (selector.path("matchLabels").isEmpty()
                && selector.path("matchExpressions").isEmpty())) {
            problems.add("spec.selector: Required value");
            return;
        }
        JsonNode templateLabels = obj.path("spec").path("template").path("metadata").path("labels");
        for (Map.Entry<String, JsonNode> e : selector.path("matchLabels").properties()) {
            if (!e.getValue().equals(templateLabels.get(e.getKey()))) {
                problems.add("spec.template.metadata.labels: Invalid value: " + templateLabels
                        + ": `selector` does not match template `labels`");
                break;
            }
        }
        if (current != null && current.path("spec").has("selector")
                && !current.path("spec").path("selector").equals(selector)) {
            problems.add("spec.selector: Invalid value: " + selector + ": field is immutable");
        }
    }
}
