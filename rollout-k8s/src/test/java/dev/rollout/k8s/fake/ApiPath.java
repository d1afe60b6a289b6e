package dev.rollout.k8s.fake;

import java.util.Arrays;

/**
 * A parsed resource URL: {@code /api/v1[/namespaces/{ns}]/{plural}[/{name}[/{subresource}]]} or the
 * same under {@code /apis/{group}/{version}}.
 *
 * @param group the API group, {@code ""} for core
 * @param version the API version, e.g. {@code v1}
 * @param namespace the namespace, {@code ""} for a cluster-scoped object, null for a list across all
 * @param plural the resource plural
 * @param name the object name, or null for the collection
 * @param subresource e.g. {@code status} or {@code scale}, or null
 */
record ApiPath(String group, String version, String namespace, String plural, String name, String subresource) {

    /** The {@code apiVersion} of this URL's group and version. */
    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** Parses a decoded path, or returns null when it is not a resource URL. */
    static ApiPath parse(String path) {
        String[] segs = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        String group;
        String version;
        int rest;
        if (segs.length >= 3 && segs[0].equals("api")) {
            group = "";
            version = segs[1];
            rest = 2;
        } else if (segs.length >= 4 && segs[0].equals("apis")) {
            group = segs[1];
            version = segs[2];
            rest = 3;
        } else {
            return null;
        }
        String[] r = Arrays.copyOfRange(segs, rest, segs.length);
        if (r.length >= 3 && r[0].equals("namespaces")) {
            if (r.length > 5) {
                return null;
            }
            return new ApiPath(group, version, r[1], r[2], r.length > 3 ? r[3] : null, r.length > 4 ? r[4] : null);
        }
        if (r.length > 3) {
            return null;
        }
        String name = r.length > 1 ? r[1] : null;
        return new ApiPath(group, version, name == null ? null : "", r[0], name, r.length > 2 ? r[2] : null);
    }
}
