package dev.rollout.datadog;

import dev.rollout.http.Settings;
import dev.rollout.api.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Configuration of the Datadog provider, read from a property source as Micrometer does it: one
 * abstract {@link #get(String)} and a default method per setting. Keys are {@code prefix() + "."
 * + name}, for example {@code datadog.apiKey}. Tests build a config as {@code props::get} over a
 * map. Implementations must be thread-safe (a map lookup is).
 */
@FunctionalInterface
public interface DatadogConfig {

    /**
     * The value of {@code key} (for example {@code datadog.apiKey}), or {@code null} when unset.
     */
    String get(String key);

    /** The prefix of every key; default {@code datadog}. */
    default String prefix() {
        return "datadog";
    }

    /** The Datadog API key, sent only in the {@code DD-API-KEY} header; required, no default. */
    default Secret apiKey() {
        return Secret.of(required("apiKey", "DD_API_KEY"));
    }

    /**
     * The Datadog application key, sent only in the {@code DD-APPLICATION-KEY} header; required,
     * no default (the query APIs refuse requests without it).
     */
    default Secret applicationKey() {
        return Secret.of(required("applicationKey", "DD_APP_KEY"));
    }

    /**
     * The Datadog site: a site name ({@code datadoghq.com}, {@code datadoghq.eu},
     * {@code us3.datadoghq.com}, {@code us5.datadoghq.com}, {@code ap1.datadoghq.com},
     * {@code ddog-gov.com}, ...) or a base URL ({@code https://api.datadoghq.com}, or a proxy);
     * default {@code datadoghq.com}.
     */
    default String site() {
        String site = value("site");
        return site == null ? "datadoghq.com" : site.trim();
    }

    /**
     * The base URL requests go to, derived from {@link #site()}: a URL is used as given (without a
     * trailing slash); a site name {@code X} becomes {@code https://api.X} ({@code app.X} and
     * {@code api.X} are accepted too).
     */
    default String baseUrl() {
        String site = site();
        String lower = site.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return site.endsWith("/") ? site.substring(0, site.length() - 1) : site;
        }
        if (site.contains("/") || site.contains(" ") || site.isEmpty()) {
            throw new IllegalArgumentException(key("site") + ": not a site name or URL: '" + site + "'");
        }
        String host = lower.startsWith("app.") ? site.substring(4) : site;
        return host.startsWith("api.") ? "https://" + host : "https://api." + host;
    }

    /** How long to wait for a connection; default 5s. */
    default Duration connectTimeout() {
        return duration("connectTimeout", Duration.ofSeconds(5));
    }

    /** How long to wait for each response; default 10s. A timeout counts as an I/O error (retried). */
    default Duration readTimeout() {
        return duration("readTimeout", Duration.ofSeconds(10));
    }

    /**
     * How long one attempt may take in all, from connecting to the last byte of the body, so a
     * server dripping its answer cannot hold a measurement; default {@code connectTimeout +
     * readTimeout}. A timeout counts as an I/O error (retried).
     */
    default Duration callTimeout() {
        return value("callTimeout") != null ? duration("callTimeout", null) : connectTimeout().plus(readTimeout());
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
     * When Datadog's {@code X-RateLimit-Remaining} falls to this many requests or fewer, further
     * requests are spread evenly until the limit resets instead of spending the rest at once;
     * default 10.
     */
    default int rateLimitReserve() {
        return integer("rateLimitReserve", 10);
    }

    /**
     * The longest a request waits for the rate limit to reset (on 429 or an exhausted budget);
     * a longer wait fails the measurement at once with the time left; default 2m.
     */
    default Duration rateLimitMaxWait() {
        return duration("rateLimitMaxWait", Duration.ofMinutes(2));
    }

    /**
     * The API version for provider blocks that do not say: {@code v1} or {@code v2}; default
     * {@code v1}, as in Argo Rollouts, so an Argo template measures the same thing here.
     */
    default String defaultApiVersion() {
        String version = value("defaultApiVersion");
        return version == null ? "v1" : version.trim();
    }

    /**
     * The query window when neither the provider block's {@code interval} nor the metric's
     * {@code interval} is given; default 5m (Argo's default).
     */
    default Duration defaultInterval() {
        return duration("defaultInterval", Duration.ofMinutes(5));
    }

    /**
     * Which v1 point becomes the value: {@code last-complete} (default: the last non-null point
     * whose bucket ends at or before the window end) or {@code last} (the last non-null point,
     * even of a bucket still filling).
     */
    default PointSelection pointSelection() {
        String text = value("pointSelection");
        if (text == null) {
            return PointSelection.LAST_COMPLETE;
        }
        return PointSelection.parse(text).orElseThrow(() -> new IllegalArgumentException(
                key("pointSelection") + ": must be last-complete or last, was '" + text + "'"));
    }

    /**
     * With {@code last-complete}, a bucket counts as complete only when it ended at least this
     * long before the window end, for metrics that reach Datadog late (cloud integrations are
     * minutes behind); default 0s.
     */
    default Duration ingestionDelay() {
        return duration("ingestionDelay", Duration.ZERO);
    }

    /**
     * The window end is rounded down to a multiple of this, so measurements of many rollouts
     * taken within the same slot ask the same question and share one request; default 10s
     * ({@code 0s} disables). Completed answers are reused within the slot. A metric whose
     * {@code interval} is shorter uses its interval instead, so each measurement sees a new window.
     */
    default Duration windowAlignment() {
        return duration("windowAlignment", Duration.ofSeconds(10));
    }

    /** Every problem of this configuration at once, each naming its key; empty when valid. */
    default List<String> validate() {
        List<String> problems = new ArrayList<>();
        check(problems, this::apiKey);
        check(problems, this::applicationKey);
        check(problems, this::baseUrl);
        check(problems, () -> positive("connectTimeout", connectTimeout()));
        check(problems, () -> positive("readTimeout", readTimeout()));
        // Unset, it derives from the two timeouts above, whose problems are already reported.
        check(problems, () -> value("callTimeout") == null ? null : positive("callTimeout", callTimeout()));
        check(problems, () -> atLeast("maxResponseMegabytes", maxResponseMegabytes(), 1));
        check(problems, () -> atLeast("maxRetries", maxRetries(), 0));
        check(problems, () -> positive("retryBackoff", retryBackoff()));
        check(problems, () -> positive("retryBackoffMax", retryBackoffMax()));
        check(problems, () -> atLeast("rateLimitReserve", rateLimitReserve(), 0));
        check(problems, () -> notNegative("rateLimitMaxWait", rateLimitMaxWait()));
        check(problems, () -> {
            String version = defaultApiVersion();
            if (!version.equals("v1") && !version.equals("v2")) {
                throw new IllegalArgumentException(key("defaultApiVersion") + ": must be v1 or v2, was '"
                        + version + "'");
            }
            return version;
        });
        check(problems, () -> positive("defaultInterval", defaultInterval()));
        check(problems, this::pointSelection);
        check(problems, () -> notNegative("ingestionDelay", ingestionDelay()));
        check(problems, () -> notNegative("windowAlignment", windowAlignment()));
        return problems;
    }

    /**
     * A configuration read from the environment with Argo Rollouts' variable names:
     * {@code DD_API_KEY}, {@code DD_APP_KEY} and {@code DD_ADDRESS} (a base URL; {@code DD_SITE},
     * a site name, is read when {@code DD_ADDRESS} is unset). Every other setting has its default.
     */
    static DatadogConfig fromEnvironment(Map<String, String> env) {
        return withEnvironmentFallback(key -> null, env);
    }

    /**
     * A configuration that reads {@code config} first and falls back to the environment variables
     * of {@link #fromEnvironment(Map)} for the keys and the site.
     */
    static DatadogConfig withEnvironmentFallback(DatadogConfig config, Map<String, String> env) {
        Objects.requireNonNull(config, "config");
        Map<String, String> copy = Map.copyOf(env);
        String prefix = config.prefix();
        return new DatadogConfig() {
            @Override
            public String get(String key) {
                String value = config.get(key);
                if (value != null) {
                    return value;
                }
                String name = key.startsWith(prefix + ".") ? key.substring(prefix.length() + 1) : key;
                return switch (name) {
                    case "apiKey" -> copy.get("DD_API_KEY");
                    case "applicationKey" -> copy.get("DD_APP_KEY");
                    case "site" -> copy.getOrDefault("DD_ADDRESS", copy.get("DD_SITE"));
                    default -> null;
                };
            }

            @Override
            public String prefix() {
                return prefix;
            }

            @Override
            public String toString() {
                return "DatadogConfig[environment fallback]";
            }
        };
    }

    private String key(String name) {
        return prefix() + "." + name;
    }

    private String value(String name) {
        return Settings.value(get(key(name)));
    }

    private String required(String name, String envVar) {
        String value = value(name);
        if (value == null) {
            throw new IllegalArgumentException(key(name) + ": is required (or set " + envVar + ")");
        }
        return value.trim();
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
