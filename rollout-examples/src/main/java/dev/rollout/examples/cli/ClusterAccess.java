package dev.rollout.examples.cli;

import dev.rollout.api.RolloutException;
import dev.rollout.k8s.KubernetesConnection;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.auth.ApiKeyAuth;
import io.kubernetes.client.openapi.auth.HttpBasicAuth;
import io.kubernetes.client.openapi.auth.HttpBearerAuth;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster {@code rollout run} works on: a kubeconfig file and context checked before anything
 * runs, a connection, and a probe that the API server answers. Every problem is bad input
 * (exit 64) with a message naming the file, context or server URL, and never a credential: the
 * kubeconfig parser's own messages can quote the file, so they are not passed on, and every
 * message is scrubbed of the connection's secrets besides.
 */
final class ClusterAccess {
    private final String context;
    private final String server;
    private final String namespace;
    private final KubernetesConnection connection;
    private final List<String> secrets;

    private ClusterAccess(String context, String server, String namespace,
            KubernetesConnection connection) {
        this.context = context;
        this.server = server;
        this.namespace = namespace;
        this.connection = connection;
        this.secrets = secretsOf(connection.client());
    }

    /** Reads {@code file} in {@code context} (null: its current context) and connects. */
    static ClusterAccess open(Path file, String context) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new BadInputException("--kubeconfig " + file + ": "
                    + (Files.exists(file) ? "cannot be read" : "no such file"));
        }
        KubeConfig config;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            config = KubeConfig.loadKubeConfig(reader);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("--kubeconfig " + file + ": not a valid kubeconfig ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (config == null) {
            throw new BadInputException("--kubeconfig " + file + ": not a valid kubeconfig (empty)");
        }
        String chosen = context != null ? context : config.getCurrentContext();
        if (chosen == null || chosen.isBlank()) {
            throw new BadInputException("--kubeconfig " + file
                    + ": no current-context; name one with --context");
        }
        if (!config.setContext(chosen)) {
            throw new BadInputException("--kubeconfig " + file + ": context '" + chosen
                    + "' not found (it has " + contextNames(config) + ")");
        }
        String server = config.getServer();
        if (server == null || server.isBlank()) {
            throw new BadInputException("--kubeconfig " + file + ": context '" + chosen
                    + "' names no cluster with a server URL");
        }
        KubernetesConnection connection;
        try {
            connection = KubernetesConnection.fromKubeconfig(chosen, file, chosen);
        } catch (RuntimeException e) {
            throw new BadInputException("--kubeconfig " + file + ", context '" + chosen
                    + "': cannot build a client (" + e.getClass().getSimpleName() + ")");
        }
        return new ClusterAccess(chosen, server, config.getNamespace(), connection);
    }

    /** Fails with bad input naming the server URL when the API server does not answer or refuses the credentials. */
    void probe() {
        try {
            new VersionApi(connection.client()).getCode().execute();
        } catch (ApiException e) {
            if (e.getCode() == 0) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new BadInputException("cannot reach the API server at " + server
                        + " (context '" + context + "'): " + scrub(cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage())));
            }
            if (e.getCode() == 401 || e.getCode() == 403) {
                throw new BadInputException("the API server at " + server + " (context '"
                        + context + "') refused the kubeconfig's credentials (HTTP " + e.getCode() + ")");
            }
            // Any other answer (a server that hides /version) still proves it is there.
        } catch (RuntimeException e) {
            throw new BadInputException("cannot reach the API server at " + server
                    + " (context '" + context + "'): " + e.getClass().getSimpleName());
        }
    }

    /** {@code message} with every secret of the connection replaced by {@code ****}. */
    String scrub(String message) {
        String out = message;
        for (String secret : secrets) {
            out = out.replace(secret, "****");
        }
        return out;
    }

    /** A runtime failure from the target, scrubbed: a message safe for the terminal. */
    String describe(RolloutException e) {
        return scrub(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    String context() {
        return context;
    }

    String server() {
        return server;
    }

    /** The context's namespace, or null. */
    String namespace() {
        return namespace;
    }

    KubernetesConnection connection() {
        return connection;
    }

    private static String contextNames(KubeConfig config) {
        List<String> names = new ArrayList<>();
        if (config.getContexts() != null) {
            for (Object c : config.getContexts()) {
                if (c instanceof java.util.Map<?, ?> map && map.get("name") != null) {
                    names.add(String.valueOf(map.get("name")));
                }
            }
        }
        return names.isEmpty() ? "no contexts" : String.join(", ", names);
    }

    private static List<String> secretsOf(ApiClient client) {
        List<String> found = new ArrayList<>();
        client.getAuthentications().values().forEach(auth -> {
            if (auth instanceof ApiKeyAuth key) {
                found.add(key.getApiKey());
            } else if (auth instanceof HttpBearerAuth bearer) {
                found.add(bearer.getBearerToken());
            } else if (auth instanceof HttpBasicAuth basic) {
                found.add(basic.getPassword());
            }
        });
        found.removeIf(s -> s == null || s.length() < 4);
        return List.copyOf(found);
    }
}
