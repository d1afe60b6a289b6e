package dev.rollout.core.revision.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.api.RolloutException;
import dev.rollout.api.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@link OciRegistrySource}: one exchange with the registry, answering a
 * {@code 401} challenge once (a Bearer token from the realm, or Basic credentials), following
 * redirects only on the registry's own origin, and turning every failure into a
 * {@link RolloutException} that names the registry and repository and never a secret.
 * Thread-safe: the only mutable state is the current authorization, swapped atomically.
 */
final class RegistryClient {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REDIRECTS = 5;

    /** What the next request sends: nothing, Basic credentials, or a Bearer token. */
    private sealed interface Auth {
    }

    private record Anonymous() implements Auth {
    }

    private record Basic() implements Auth {
    }

    private record Bearer(Secret token) implements Auth {
    }

    /** A registry's answer; {@code uri} is where it came from after redirects. */
    record Response(URI uri, int status, HttpHeaders headers, byte[] body) {
        boolean ok() {
            return status >= 200 && status <= 299;
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final URI registry;
    private final String repository;
    private final String user;
    private final Secret password;
    private final HttpClient http;
    private final Duration timeout;
    private final AtomicReference<Auth> auth = new AtomicReference<>(new Anonymous());

    RegistryClient(URI registry, String repository, String user, Secret password, HttpClient http,
            Duration timeout) {
        this.registry = registry;
        this.repository = repository;
        this.user = user;
        this.password = password;
        this.http = http;
        this.timeout = timeout;
    }

    /** Sends {@code method} to {@code uri}, authenticating and following same-origin redirects. */
    Response exchange(String method, URI uri, String accept) {
        URI current = uri;
        int redirects = 0;
        boolean authenticated = false;
        while (true) {
            Response r = send(method, current, accept, auth.get());
            if (r.status() == 401) {
                if (authenticated) {
                    throw failure("answered HTTP 401 to " + method + " " + current.getPath()
                            + " after authenticating" + (password == null ? " anonymously" : " as '" + user + "'")
                            + excerpt(r));
                }
                authenticate(r, current);
                authenticated = true;
                continue;
            }
            if (r.status() >= 300 && r.status() <= 399 && r.header("Location").isPresent()) {
                URI next = current.resolve(r.header("Location").get());
                if (!onRegistry(next)) {
                    throw failure("redirected " + method + " " + current.getPath() + " to another host ("
                            + next.getScheme() + "://" + next.getAuthority()
                            + "); not followed, so credentials are not sent there");
                }
                if (++redirects > MAX_REDIRECTS) {
                    throw failure("redirected " + method + " " + uri.getPath() + " more than " + MAX_REDIRECTS + " times");
                }
                current = next;
                continue;
            }
            return r;
        }
    }

    private void authenticate(Response r, URI uri) {
        AuthChallenge challenge = AuthChallenge.choose(r.headers().allValues("WWW-Authenticate"))
                .orElseThrow(() -> failure("answered HTTP 401 without a WWW-Authenticate challenge"));
        switch (challenge.scheme()) {
            case "bearer" -> auth.set(new Bearer(token(challenge)));
            case "basic" -> {
                if (password == null) {
                    throw failure("requires credentials (Basic challenge) and none are configured");
                }
                auth.set(new Basic());
            }
            default -> throw failure("answered HTTP 401 with an unsupported challenge scheme '"
                    + challenge.scheme() + "'");
        }
    }

    /** Fetches a pull token from the challenge's realm, with Basic credentials when configured. */
    private Secret token(AuthChallenge challenge) {
        String realm = challenge.param("realm")
                .orElseThrow(() -> failure("sent a Bearer challenge without a realm"));
        URI realmUri;
        try {
            realmUri = URI.create(realm);
        } catch (IllegalArgumentException e) {
            throw failure("sent a Bearer challenge whose realm '" + realm + "' is not a URI");
        }
        String scheme = realmUri.getScheme() == null ? "" : realmUri.getScheme().toLowerCase(Locale.ROOT);
        // The realm may be another host (Docker Hub's is); never downgrade https to http for it.
        if (!(scheme.equals("https") || scheme.equals("http") && registry.getScheme().equalsIgnoreCase("http"))
                || realmUri.getHost() == null) {
            throw failure("sent a Bearer realm '" + realm + "' that is not an "
                    + (registry.getScheme().equalsIgnoreCase("https") ? "https" : "http(s)") + " URL");
        }
        String scope = challenge.param("scope").orElse("repository:" + repository + ":pull");
        StringBuilder query = new StringBuilder();
        challenge.param("service").ifPresent(s -> query.append("service=").append(encode(s)).append('&'));
        query.append("scope=").append(encode(scope));
        URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        Response r = send("GET", tokenUri, "application/json", password == null ? new Anonymous() : new Basic());
        String where = "token service " + realmUri.getScheme() + "://" + realmUri.getAuthority() + realmUri.getPath();
        if (r.status() == 401 || r.status() == 403) {
            throw failure(where + " refused a token for scope '" + scope + "' (HTTP " + r.status() + ")"
                    + (password == null ? "; no credentials are configured" : " for user '" + user + "'")
                    + excerpt(r));
        }
        if (!r.ok()) {
            throw failure(where + " answered HTTP " + r.status() + excerpt(r));
        }
        JsonNode body = json(r, where);
        JsonNode token = body.hasNonNull("token") ? body.get("token") : body.get("access_token");
        if (token == null || !token.isTextual() || token.asText().isBlank()) {
            throw failure(where + " answered without a token");
        }
        LOG.debug("OCI registry {} repository {}: fetched a token for scope {}", registry, repository, scope);
        return Secret.of(token.asText());
    }

    /** Parses a JSON object body, or fails naming what answered. */
    JsonNode json(Response r, String what) {
        JsonNode node;
        try {
            node = JSON.readTree(r.body());
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw failure(what + " answered a body that is not a JSON object" + excerpt(r));
        }
        return node;
    }

    private Response send(String method, URI uri, String accept, Auth with) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, HttpRequest.BodyPublishers.noBody()).header("Accept", accept);
        if (with instanceof Basic) {
            String pair = user + ":" + password.reveal();
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else if (with instanceof Bearer bearer) {
            b.header("Authorization", "Bearer " + bearer.token().reveal());
        }
        String target = method + " " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(uri, r.statusCode(), r.headers(), r.body() == null ? new byte[0] : r.body());
        } catch (HttpTimeoutException e) {
            throw failure(target + " timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            throw failure(target + " failed, registry unreachable? (" + why + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(target + " was interrupted");
        }
    }

    /** True when {@code uri} is on the registry's own scheme, host and port. */
    boolean onRegistry(URI uri) {
        return uri.getScheme() != null && uri.getHost() != null
                && uri.getScheme().equalsIgnoreCase(registry.getScheme())
                && uri.getHost().equalsIgnoreCase(registry.getHost())
                && port(uri) == port(registry);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** The failure for an answer this client did not expect, with the start of its body. */
    RolloutException unexpected(Response r, String action) {
        return failure(action + ": HTTP " + r.status() + (r.status() >= 500 ? " (server error)" : "") + excerpt(r));
    }

    /** A failure naming the registry and repository, with every secret redacted. */
    RolloutException failure(String what) {
        return failure(what, null);
    }

    private RolloutException failure(String what, Throwable cause) {
        String message = redact("OCI registry " + registry + " repository " + repository + ": " + what);
        // Only IO errors carry a cause: their text comes from the JDK, which never includes headers.
        return cause == null ? new RolloutException(message) : new RolloutException(message, cause);
    }

    private String redact(String text) {
        String out = password == null ? text : password.redact(text);
        if (auth.get() instanceof Bearer bearer) {
            out = bearer.token().redact(out);
        }
        return out;
    }

    private static String excerpt(Response r) {
        String s = r.text().strip().replaceAll("\\s+", " ");
        if (s.isEmpty()) {
            return "";
        }
        return ": " + (s.length() > 200 ? s.substring(0, 200) + "..." : s);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
