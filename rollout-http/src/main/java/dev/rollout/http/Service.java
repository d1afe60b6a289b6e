package dev.rollout.http;

import java.util.Objects;

/**
 * The server an {@link Exchange} talks to, as messages name it.
 *
 * @param name the server's name in logs and messages, for example {@code Datadog}
 * @param metricsName the provider name reported to {@code RolloutMetrics}, for example {@code datadog}
 * @param credentials what a redirect would leak, for example {@code the keys}
 * @param addressAdvice the setting that fixes a redirect, for example {@code datadog.site to the API's address}
 */
public record Service(String name, String metricsName, String credentials, String addressAdvice) {
    /** Checks that every part is given. */
    public Service {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metricsName, "metricsName");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(addressAdvice, "addressAdvice");
    }
}
