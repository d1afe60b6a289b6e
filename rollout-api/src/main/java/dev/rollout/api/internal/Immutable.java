package dev.rollout.api.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies for the model records' compact constructors, so a record never shares a collection with
 * its caller. Flat collections of model values use {@link List#copyOf}/{@link Map#copyOf} in the
 * records themselves (null elements rejected); this class is for YAML-shaped trees (provider
 * blocks, router and step config, measurement details), where insertion order is what the user
 * wrote and a null value is a value the user wrote ({@code key: ~}): both are kept. Not API.
 */
public final class Immutable {

    private Immutable() {
    }

    /**
     * A deep, unmodifiable copy of {@code tree}: every nested map and list copied too (keeping
     * order and null values), other values shared (strings, numbers, booleans are immutable).
     * A null tree is an empty map.
     */
    public static Map<String, Object> tree(Map<String, ?> tree) {
        if (tree == null) {
            return Map.of();
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        tree.forEach((key, value) -> copy.put(requireKey(key), value(value)));
        return Collections.unmodifiableMap(copy);
    }

    /** A deep, unmodifiable copy of {@code list} as {@link #tree} copies values; null is empty. */
    public static List<Object> list(List<?> list) {
        if (list == null) {
            return List.of();
        }
        List<Object> copy = new ArrayList<>(list.size());
        for (Object value : list) {
            copy.add(value(value));
        }
        return Collections.unmodifiableList(copy);
    }

    private static Object value(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(requireKey(k), value(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            return list(list);
        }
        return value;
    }

    private static <K> K requireKey(K key) {
        if (key == null) {
            throw new NullPointerException("a map key must not be null");
        }
        return key;
    }
}
