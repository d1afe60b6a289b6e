package dev.rollout.prometheus;

import dev.rollout.http.Settings;
import dev.rollout.api.Secret;
import dev.rollout.prometheus.internal.Addresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Configuration of the Prometheus provider, read from a property source as Micrometer does it:
 * one abstract {@link #get(String)} and a default method per setting. Keys are {@code prefix() +
 * "." + name}, for example {@code prometheus.address}. Every setting is optional: a provider
 * block's own {@code address} needs no configuration at all. Tests build a config as
 * {@code props::get} over a map. Implementations must be thread-safe (a map lookup is).
 */
@FunctionalInterface
public interface PrometheusConfig {
    /** Argo Rollouts' variable for the address of blocks that have none. */
    String ADDRESS_VARIABLE = "ARGO_ROLLOUTS_PROMETHEUS_ADDRESS";

    /** The value of {@code key} (for example {@code prometheus.address}), or {@code null} when unset. */
    String get(String key);

    /** The prefix of every key; default {@code prometheus}. */
    default String prefix() {
        return "prometheus";
    }

    /**
     * The base URL of blocks without an {@code address} ({@code http://prometheus:9090}, a path
     * prefix allowed); default none, so such a block fails its measurement saying so.
     */
    default Optional<String> address() {
        String address = value("address");
        if (address == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Addresses.normalize(address));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key("address") + ": " + e.getMessage(), e);
        }
    }

    /**
     * A bearer token sent as {@code Authorization: Bearer ...} to {@link #address()} only, never
     * to the address of a block that names another one; default none.
     */
    default Optional<Secret> bearerToken() {
        return Optional.ofNullable(value("bearerToken")).map(Secret::of);
    }

    /** The basic-auth user for {@link #address()} only (with {@link #password()}); default none. */
    default Optional<String> username() {
        return Optional.ofNullable(value("username"));
    }

    /** The basic-auth password for {@link #address()} only (with {@link #username()}); default none. */
    default Optional<Secret> password() {
        return Optional.ofNullable(value("password")).map(Secret::of);
    }

    /** How long to wait for a connection; default 5s. */
    default Duration connectTimeout() {
        return duration("connectTimeout", Duration.ofSeconds(5));
    }

    /**
     * How long one attempt may take in all, from connecting to the last byte of the body, for
     * blocks without a {@code timeout}; default 30s (Argo's default). A block's {@code timeout}
     * (seconds) replaces it for that block. A timeout counts as an I/O error (retried).
     */
    default Duration callTimeout() {
        return duration("callTimeout", Duration.ofSeconds(30));
    }

    /** The largest response body read, in megabytes; a larger one fails the measurement; default 10. */
    default int maxResponseMegabytes() {
        return integer("maxResponseMegabytes", 10);
    }

    /** Retries after the first attempt on HTTP 5xx, 408, 429 and I/O errors; default 3 (0 disables). */
    default int maxRetries() {
        return integer("maxRetries", 3);
    }

    /** The wait before the first retry, doubled for each further one; default 1s. */
    default Duration retryBackoff() {
        return duration("retryBackoff", Duration.ofSeconds(1));
    }

    /** The longest wait between two retries; default 30s. */
    default Duration retryBackoffMax() {
        return duration("retryBackoffMax", Duration.ofSeconds(30));
    }

    /**
     * The longest a request waits for the {@code Retry-After} of an HTTP 429 or 503; a longer one
     * fails the measurement at once with the time asked for; default 2m. While an address asks
     * to wait, new requests to it wait as well instead of adding to its load.
     */
    default Duration rateLimitMaxWait() {
        return duration("rateLimitMaxWait", Duration.ofMinutes(2));
    }

    /**
     * The query time is rounded down to a multiple of this, so measurements of many rollouts
     * taken within the same slot ask the same question and share one request; default 10s
     * ({@code 0s} disables). Completed answers are reused within the slot. A metric whose
     * {@code interval} is shorter uses its interval instead, so each measurement sees a new time.
     */
    default Duration windowAlignment() {
        return duration("windowAlignment", Duration.ofSeconds(10));
    }

    /**
     * Whether a result of NaN only (a scalar NaN, or a vector whose every sample is NaN, as
     * {@code 0/0} gives for a window without traffic) is no data, decided by the metric's
     * {@code noDataPolicy}; default true. With false, conditions see NaN as in Argo Rollouts
     * (every comparison false, {@code isNaN(result[0])} true). A NaN among numbers is always kept.
     */
    default boolean nanAsNoData() {
        String text = value("nanAsNoData");
        if (text == null) {
            return true;
        }
        return switch (text.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key("nanAsNoData") + ": must be true or false, was '"
                    + text + "'");
        };
    }

    /** Every problem of this configuration at once, each naming its key; empty when valid. */
    default List<String> validate() {
        List<String> problems = new ArrayList<>();
        check(problems, this::address);
        check(problems, () -> {
            if (username().isPresent() != password().isPresent()) {
                throw new IllegalArgumentException(key(username().isPresent() ? "password" : "username")
                        + ": is required with " + key(username().isPresent() ? "username" : "password"));
            }
            if (username().isPresent() && bearerToken().isPresent()) {
                throw new IllegalArgumentException(key("bearerToken")
                        + ": cannot be used together with username and password; use one of them");
            }
            if ((username().isPresent() || bearerToken().isPresent()) && value("address") == null) {
                throw new IllegalArgumentException(key(username().isPresent() ? "username" : "bearerToken")
                        + ": needs " + key("address") + ", the only address the credentials are sent to");
            }
            return null;
        });
        check(problems, () -> positive("connectTimeout", connectTimeout()));
        check(problems, () -> positive("callTimeout", callTimeout()));
        check(problems, () -> atLeast("maxResponseMegabytes", maxResponseMegabytes(), 1));
        check(problems, () -> atLeast("maxRetries", maxRetries(), 0));
        check(problems, () -> positive("retryBackoff", retryBackoff()));
        check(problems, () -> positive("retryBackoffMax", retryBackoffMax()));
        check(problems, () -> notNegative("rateLimitMaxWait", rateLimitMaxWait()));
        check(problems, () -> notNegative("windowAlignment", windowAlignment()));
        check(problems, this::nanAsNoData);
        return problems;
    }

    /**
     * A configuration read from the environment with Argo Rollouts' variable name
     * {@value #ADDRESS_VARIABLE} for the address; every other setting has its default.
     */
    static PrometheusConfig fromEnvironment(Map<String, String> env) {
        return withEnvironmentFallback(key -> null, env);
    }

    /**
     * A configuration that reads {@code config} first and falls back to {@value #ADDRESS_VARIABLE}
     * of {@code env} for the address.
     */
    static PrometheusConfig withEnvironmentFallback(PrometheusConfig config, Map<String, String> env) {
        Objects.requireNonNull(config, "config");
        String address = env.get(ADDRESS_VARIABLE);
        String prefix = config.prefix();
        return new PrometheusConfig() {
            @Override
            public String get(String key) {
                String value = config.get(key);
                return value == null && key.equals(prefix + ".address") ? address : value;
            }

            @Override
            public String prefix() {
                return prefix;
            }

            @Override
            public String toString() {
                return "PrometheusConfig[environment fallback]";
            }
        };
    }

    private String key(String name) {
        return prefix() + "." + name;
    }

    private String value(String name) {
        return Settings.value(get(key(name)));
    }

    private Duration duration(String name, Duration fallback) {
        return Settings.duration(key(name), value(name), fallback);
    }

    private int integer(String name, int fallback) {
        return Settings.integer(key(name), value(name), fallback);
    }

    private Duration positive(String name, Duration duration) {
        return Settings.positive(key(name), duration);
    }

    private Duration notNegative(String name, Duration duration) {
        return Settings.notNegative(key(name), duration);
    }

    private int atLeast(String name, int value, int minimum) {
        return Settings.atLeast(key(name), value, minimum);
    }

    private static void check(List<String> problems, Supplier<?> setting) {
        Settings.check(problems, setting);
    }
}
