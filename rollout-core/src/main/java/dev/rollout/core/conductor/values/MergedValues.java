package dev.rollout.core.conductor.values;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.core.yaml.YamlNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The values a chart's templates see after {@link HelmValues#merge}, each with the
 * {@link Provenance} of its final value. Paths are spelled as {@link #leaves()} prints them
 * ({@code image.tag}, {@code podAnnotations["prometheus.io/scrape"]}, {@code hosts[0]}); a key
 * containing a dot is only reachable in brackets. Immutable and thread-safe.
 */
public final class MergedValues {
    private final Map<String, Located> root;
    private final Map<String, Object> plain;
    private final SortedMap<String, Provenance> leaves;
    private final List<String> files;

    MergedValues(Map<String, Located> root, List<String> files) {
        this.root = Collections.unmodifiableMap(new LinkedHashMap<>(root));
        @SuppressWarnings("unchecked")
        Map<String, Object> asPlain = (Map<String, Object>) new Located(this.root, "", null).plain();
        this.plain = asPlain;
        TreeMap<String, Provenance> all = new TreeMap<>();
        collectLeaves(this.root, "", all);
        this.leaves = Collections.unmodifiableSortedMap(all);
        this.files = List.copyOf(files);
    }

    /** Every value as nested immutable maps, lists and scalars; no map holds a null value. */
    public Map<String, Object> asMap() {
        return plain;
    }

    /** The value at {@code dottedPath}: a map, list or scalar, or empty when absent. */
    public Optional<Object> get(String dottedPath) {
        Object at = plain;
        for (Object segment : ValuePath.parse(dottedPath)) {
            if (segment instanceof String key && at instanceof Map<?, ?> map) {
                at = map.get(key);
            } else if (segment instanceof Integer index && at instanceof List<?> list) {
                at = index < list.size() ? list.get(index) : null;
            } else {
                return Optional.empty();
            }
            if (at == null) {
                return Optional.empty();
            }
        }
        return Optional.of(at);
    }

    /**
     * The scalar at {@code dottedPath} as text: strings as they are, booleans as {@code true} or
     * {@code false}, integers in decimal, floats as written in the file.
     *
     * @throws InvalidSpecException naming the file, line and path when the value is a map or list
     */
    public Optional<String> string(String dottedPath) {
        return get(dottedPath).map(value -> {
            if (value instanceof Map || value instanceof List) {
                throw problem(dottedPath, "expected a scalar, found " + describe(dottedPath, value));
            }
            return Scalars.text(value, writtenText(dottedPath));
        });
    }

    /**
     * The integer at {@code dottedPath}.
     *
     * @throws InvalidSpecException naming the file, line and path when the value is not an
     *     integer in the range of {@code int}
     */
    public OptionalInt integer(String dottedPath) {
        Optional<Object> value = get(dottedPath);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        if (value.get() instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return OptionalInt.of(l.intValue());
        }
        String found = value.get() instanceof Long l ? "an integer " + l + " beyond the int range"
                : describe(dottedPath, value.get());
        throw problem(dottedPath, "expected an integer, found " + found);
    }

    /**
     * The map of scalars at {@code dottedPath}, each as {@link #string} gives it, in the order
     * written; empty when absent.
     *
     * @throws InvalidSpecException naming the file, line and path when the value is not a map, or
     *     naming an entry that is a map or list
     */
    public Map<String, String> strings(String dottedPath) {
        Optional<Object> value = get(dottedPath);
        if (value.isEmpty()) {
            return Map.of();
        }
        if (!(value.get() instanceof Map<?, ?> map)) {
            throw problem(dottedPath, "expected a map of strings, found "
                    + describe(dottedPath, value.get()));
        }
        Map<String, String> out = new LinkedHashMap<>();
        String prefix = dottedPath;
        map.keySet().forEach(key -> out.put((String) key,
                string(YamlNode.childPath(prefix, (String) key)).orElseThrow()));
        return Collections.unmodifiableMap(out);
    }

    /** Where the final value at {@code dottedPath} was written; a list item gives its list's. */
    public Optional<Provenance> provenance(String dottedPath) {
        return located(dottedPath).map(Located::at);
    }

    /**
     * Every leaf's path and provenance, sorted by path: scalars, lists (whole) and empty maps.
     */
    public SortedMap<String, Provenance> leaves() {
        return leaves;
    }

    /** The names of the layers merged, in order. */
    public List<String> files() {
        return files;
    }

    @Override
    public String toString() {
        return "MergedValues" + files + " (" + leaves.size() + " leaves)";
    }

    /** The located value at a path, or at the list holding an indexed item. */
    private Optional<Located> located(String dottedPath) {
        Map<String, Located> at = root;
        Located found = null;
        for (Object segment : ValuePath.parse(dottedPath)) {
            if (segment instanceof Integer) {
                if (found == null || !(found.value() instanceof List)) {
                    return Optional.empty();
                }
                return get(dottedPath).isPresent() ? Optional.of(found) : Optional.empty();
            }
            if (at == null) {
                return Optional.empty();
            }
            found = at.get((String) segment);
            if (found == null) {
                return Optional.empty();
            }
            at = found.isMap() ? found.map() : null;
        }
        return Optional.ofNullable(found);
    }

    private String writtenText(String dottedPath) {
        return located(dottedPath).filter(l -> !(l.value() instanceof List))
                .map(Located::text).orElse("");
    }

    private String describe(String dottedPath, Object value) {
        return Located.describe(value, writtenText(dottedPath));
    }

    private InvalidSpecException problem(String dottedPath, String message) {
        Provenance at = located(dottedPath).map(Located::at).orElse(new Provenance("(values)", 0));
        return new InvalidSpecException(new SpecProblem(at.file(), at.line(), dottedPath, message));
    }

    private static void collectLeaves(Map<String, Located> map, String path,
            Map<String, Provenance> out) {
        map.forEach((key, value) -> {
            String child = YamlNode.childPath(path, key);
            if (value.isMap() && !value.map().isEmpty()) {
                collectLeaves(value.map(), child, out);
            } else {
                out.put(child, value.at());
            }
        });
    }
}
