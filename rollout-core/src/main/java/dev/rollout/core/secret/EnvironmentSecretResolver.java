package dev.rollout.core.secret;

import dev.rollout.api.Secret;
import dev.rollout.api.spi.SecretResolver;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves {@code secretKeyRef}s from environment variables named
 * {@code ROLLOUT_SECRET_<NAME>_<KEY>}: the secret's name and key upper-cased, every character
 * other than a letter or digit replaced by {@code _}. The namespace is not part of the name. For
 * example {@code secretKeyRef: {name: datadog-keys, key: api-key}} reads
 * {@code ROLLOUT_SECRET_DATADOG_KEYS_API_KEY}. An empty variable counts as absent. Thread-safe.
 */
public final class EnvironmentSecretResolver implements SecretResolver {
    /** The default variable prefix. */
    public static final String DEFAULT_PREFIX = "ROLLOUT_SECRET_";

    private final Map<String, String> environment;
    private final String prefix;

    /** Reads the process environment with the default prefix. */
    public EnvironmentSecretResolver() {
        this(System.getenv(), DEFAULT_PREFIX);
    }

    /** Reads {@code environment} (a copy is taken) with {@code prefix}. */
    public EnvironmentSecretResolver(Map<String, String> environment, String prefix) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /** The variable that holds {@code key} of secret {@code name}. */
    public String variableName(String name, String key) {
        return prefix + normalize(name) + "_" + normalize(key);
    }

    @Override
    public Optional<Secret> resolve(String namespace, String name, String key) {
        String value = environment.get(variableName(name, key));
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(Secret.of(value));
    }

    private static String normalize(String s) {
        return s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    @Override
    public String toString() {
        return "EnvironmentSecretResolver[" + prefix + "<NAME>_<KEY>]";
    }
}
