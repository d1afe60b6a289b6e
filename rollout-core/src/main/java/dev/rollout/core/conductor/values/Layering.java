package dev.rollout.core.conductor.values;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two merges Helm performs, kept apart because they treat null differently: the
 * {@code -f} files are merged first with nulls kept ({@link #mergeMaps}, Helm's
 * {@code loader.MergeMaps}), and the result is then coalesced over the chart's own values.yaml
 * ({@link #coalesce}, Helm's {@code CoalesceValues}), where a null deletes the chart default.
 * Neither mutates its arguments.
 */
final class Layering {

    private Layering() {
    }

    /** {@code b} over {@code a}: maps merge deeply, anything else in {@code b} replaces. */
    static Map<String, Located> mergeMaps(Map<String, Located> a, Map<String, Located> b) {
        Map<String, Located> out = new LinkedHashMap<>(a);
        b.forEach((key, later) -> {
            Located earlier = out.get(key);
            if (later.isMap() && earlier != null && earlier.isMap()) {
                out.put(key, later.withMap(mergeMaps(earlier.map(), later.map())));
            } else {
                out.put(key, later);
            }
        });
        return out;
    }

    /**
     * The user's values over the chart defaults: a user null deletes the key, a chart key the
     * user does not mention is added (with its nested nulls dropped), two maps coalesce, and
     * otherwise the user's value wins whatever its type.
     */
    static Map<String, Located> coalesce(Map<String, Located> user, Map<String, Located> chart) {
        Map<String, Located> out = new LinkedHashMap<>(user);
        chart.forEach((key, chartValue) -> {
            Located userValue = out.get(key);
            if (userValue == null) {
                if (!chartValue.isNull()) {
                    out.put(key, chartValue);
                }
            } else if (userValue.isNull()) {
                out.remove(key);
            } else if (userValue.isMap() && chartValue.isMap()) {
                out.put(key, userValue.withMap(coalesce(userValue.map(), chartValue.map())));
            }
        });
        return out;
    }

    /** The tree without any null-valued entry: what is left when every deletion has applied. */
    static Map<String, Located> withoutNulls(Map<String, Located> tree) {
        Map<String, Located> out = new LinkedHashMap<>();
        tree.forEach((key, value) -> {
            if (value.isMap()) {
                out.put(key, value.withMap(withoutNulls(value.map())));
            } else if (!value.isNull()) {
                out.put(key, value);
            }
        });
        return out;
    }
}
