package dev.rollout.core.spec;

import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.model.RolloutSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link SpecLoader} loaded, in file and document order, and the warnings of the
 * load. Immutable.
 *
 * @param all every loaded object with its source
 * @param warnings fields that were accepted but are not acted upon in a way a user might expect
 *     (for example {@code spec.paused: true}), each with its file, line and field path, in file
 *     and line order; a warning never fails the load. Never null, possibly empty.
 * @param secretsNeeded with {@link SpecLoader#checkingAnalyses}, the secrets the Rollouts'
 *     analyses read when they run, each at the analysis field that needs it (a loader that
 *     does not resolve secrets cannot tell whether they exist). Never null, possibly empty.
 */
public record LoadedSpecs(List<LoadedObject<?>> all, List<SpecProblem> warnings,
        List<SpecProblem> secretsNeeded) {
    public LoadedSpecs {
        all = List.copyOf(all);
        warnings = List.copyOf(warnings);
        secretsNeeded = List.copyOf(secretsNeeded);
    }

    /** Loaded objects with warnings and no secrets listed. */
    public LoadedSpecs(List<LoadedObject<?>> all, List<SpecProblem> warnings) {
        this(all, warnings, List.of());
    }

    /** Loaded objects without warnings. */
    public LoadedSpecs(List<LoadedObject<?>> all) {
        this(all, List.of());
    }

    /** Every loaded value that is a {@code type}, in order. */
    public <T> List<T> objects(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return all.stream().map(LoadedObject::value).filter(type::isInstance).map(type::cast)
                .toList();
    }

    /** Every loaded object whose value is a {@code type}, with its source, in order. */
    @SuppressWarnings("unchecked")
    public <T> List<LoadedObject<T>> loaded(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return all.stream().filter(o -> type.isInstance(o.value()))
                .map(o -> (LoadedObject<T>) o).toList();
    }

    /** Every loaded {@code Rollout}, in order. */
    public List<RolloutSpec> rollouts() {
        return objects(RolloutSpec.class);
    }

    /** The loaded {@code Rollout} named {@code name}, if any (in any namespace). */
    public Optional<RolloutSpec> rollout(String name) {
        return rollouts().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Number of loaded objects. */
    public int size() {
        return all.size();
    }
}
