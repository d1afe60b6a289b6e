package dev.rollout.k8s;

import dev.rollout.api.TargetException;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.auth.ApiKeyAuth;
import io.kubernetes.client.openapi.auth.Authentication;
import io.kubernetes.client.openapi.auth.HttpBasicAuth;
import io.kubernetes.client.openapi.auth.HttpBearerAuth;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How to reach one cluster: a client with finite timeouts for normal calls, and a second client
 * without read timeout for watches (a watch legitimately stays silent for minutes).
 *
 * @param name the cluster's name, used in target names and logs
 * @param client the client for normal calls
 * @param watchClient the client for watches
 */
public record KubernetesConnection(String name, ApiClient client, ApiClient watchClient) {
    /** The read timeout of normal calls unless told otherwise. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** The connect timeout unless told otherwise. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public KubernetesConnection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(watchClient, "watchClient");
    }

    /**
     * A connection from a kubeconfig file and a context in it (null: the file's current
     * context), with the default timeouts.
     */
    public static KubernetesConnection fromKubeconfig(String name, Path kubeconfig, String context) {
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        try (Reader reader = Files.newBufferedReader(kubeconfig, StandardCharsets.UTF_8)) {
            KubeConfig config = KubeConfig.loadKubeConfig(reader);
            config.setFile(kubeconfig.toFile());
            if (context != null && !config.setContext(context)) {
                throw new TargetException("kubeconfig " + kubeconfig + ": context '" + context
                        + "' not found");
            }
            return of(name, ClientBuilder.kubeconfig(config).build());
        } catch (IOException e) {
            throw new TargetException("kubeconfig " + kubeconfig + ": cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** A connection from the pod's service account (in-cluster config), default timeouts. */
    public static KubernetesConnection inCluster(String name) {
        try {
            return of(name, ClientBuilder.cluster().build());
        } catch (IOException e) {
            throw new TargetException("in-cluster config cannot be loaded: " + e.getMessage(), e);
        }
    }

    /**
     * A connection over a given client: its settings are kept, except that the normal client
     * gets {@link #DEFAULT_READ_TIMEOUT} and {@link #DEFAULT_CONNECT_TIMEOUT} and the watch
     * client no read timeout.
     */
    public static KubernetesConnection of(String name, ApiClient client) {
        return of(name, client, DEFAULT_READ_TIMEOUT, DEFAULT_CONNECT_TIMEOUT);
    }

    /** A connection over a given client with explicit timeouts for normal calls. */
    public static KubernetesConnection of(String name, ApiClient client, Duration readTimeout,
            Duration connectTimeout) {
        if (readTimeout.isZero() || readTimeout.isNegative()) {
            throw new IllegalArgumentException("readTimeout must be positive, was " + readTimeout);
        }
        ApiClient normal = copy(client);
        normal.setHttpClient(client.getHttpClient().newBuilder()
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .build());
        ApiClient watch = copy(client);
        watch.setHttpClient(client.getHttpClient().newBuilder()
                .readTimeout(0, TimeUnit.MILLISECONDS)
                .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .build());
        return new KubernetesConnection(name, normal, watch);
    }

    private static ApiClient copy(ApiClient source) {
        ApiClient copy = new ApiClient(source.getHttpClient());
        copy.setBasePath(source.getBasePath());
        // Credentials live in the client's authentication entries, not in its OkHttp client.
        source.getAuthentications().forEach((key, auth) -> {
            Authentication target = copy.getAuthentication(key);
            if (auth instanceof ApiKeyAuth from && target instanceof ApiKeyAuth to) {
                to.setApiKey(from.getApiKey());
                to.setApiKeyPrefix(from.getApiKeyPrefix());
            } else if (auth instanceof HttpBasicAuth from && target instanceof HttpBasicAuth to) {
                to.setUsername(from.getUsername());
                to.setPassword(from.getPassword());
            } else if (auth instanceof HttpBearerAuth from && target instanceof HttpBearerAuth to) {
                to.setBearerToken(from.getBearerToken());
            }
        });
        return copy;
    }
}
