package dev.rollout.prometheus.internal;

import dev.rollout.api.Durations;
import dev.rollout.api.Secret;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Builds instant-query requests: {@code POST <address>/api/v1/query} with the form fields
 * {@code query}, {@code time} and {@code timeout}, as Prometheus' own Go client sends them (a form
 * body keeps long queries and their arguments out of URLs and access logs). Thread-safe.
 */
public final class Requests {

    /** Credentials the provider adds for its configured address: a bearer token or basic auth. */
    public record Defaults(Optional<String> address, Optional<Secret> bearerToken, Optional<String> username,
            Optional<Secret> password) {
        @Override
        public String toString() {
            return "Defaults[" + address.orElse("<no address>") + "]";
        }
    }

    /**
     * What a request carries besides the query: its headers (values possibly secret), a
     * fingerprint telling requests with different credentials or tenants apart without holding
     * them, and the secrets to redact from anything printed about it.
     */
    public record Identity(List<QuerySpec.Header> headers, String fingerprint, List<Secret> secrets) {
        @Override
        public String toString() {
            return "Identity[" + headers.size() + " headers, " + fingerprint.substring(0, 12) + "]";
        }
    }

    private final Defaults defaults;

    /** Requests that add {@code defaults}' credentials for its address only. */
    public Requests(Defaults defaults) {
        this.defaults = defaults;
    }

    /**
     * The headers of a block sent to {@code address}: the block's own, its basic auth, and the
     * configured credentials only when the address is the configured one and the block brings none.
     */
    public Identity identity(QuerySpec spec, String address) {
        List<QuerySpec.Header> headers = new ArrayList<>(spec.headers());
        List<Secret> secrets = new ArrayList<>();
        boolean hasAuthorization = headers.stream().anyMatch(h -> h.name().equalsIgnoreCase("Authorization"));
        for (QuerySpec.Header header : headers) {
            if (header.name().equalsIgnoreCase("Authorization")) {
                secrets.add(Secret.of(header.value()));
                int space = header.value().indexOf(' ');
                if (space > 0 && space < header.value().length() - 1) {
                    secrets.add(Secret.of(header.value().substring(space + 1).trim()));
                }
            }
        }
        if (spec.basicAuth().isPresent()) {
            QuerySpec.BasicAuth basic = spec.basicAuth().get();
            headers.add(basic(basic.username(), basic.password(), secrets));
        } else if (!hasAuthorization && defaults.address().map(address::equals).orElse(false)) {
            if (defaults.bearerToken().isPresent()) {
                Secret token = defaults.bearerToken().get();
                secrets.add(token);
                headers.add(new QuerySpec.Header("Authorization", "Bearer " + token.reveal()));
            } else if (defaults.username().isPresent() && defaults.password().isPresent()) {
                headers.add(basic(defaults.username().get(), defaults.password().get(), secrets));
            }
        }
        return new Identity(List.copyOf(headers), fingerprint(headers), List.copyOf(secrets));
    }

    /** The instant query of {@code query} at {@code timeMillis} on {@code address}. */
    public Request instant(String address, String query, long timeMillis, long timeoutMillis, Identity identity) {
        HttpUrl base = HttpUrl.parse(address);
        if (base == null) {
            throw new IllegalArgumentException("not an http(s) URL: '" + address + "'");
        }
        HttpUrl url = base.newBuilder().addPathSegments("api/v1/query").build();
        FormBody form = new FormBody.Builder()
                .add("query", query)
                .add("time", seconds(timeMillis))
                .add("timeout", Durations.formatCompact(java.time.Duration.ofMillis(timeoutMillis)))
                .build();
        Request.Builder builder = new Request.Builder().url(url).post(form).header("Accept", "application/json");
        for (QuerySpec.Header header : identity.headers()) {
            builder.header(header.name(), header.value());
        }
        return builder.build();
    }

    /** Unix seconds with at most millisecond decimals, as Prometheus' {@code time} accepts. */
    public static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    private static QuerySpec.Header basic(String username, Secret password, List<Secret> secrets) {
        String encoded = Base64.getEncoder().encodeToString(
                (username + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
        secrets.add(password);
        secrets.add(Secret.of(encoded));
        return new QuerySpec.Header("Authorization", "Basic " + encoded);
    }

    private static String fingerprint(List<QuerySpec.Header> headers) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            headers.stream()
                    .map(h -> h.name().toLowerCase(Locale.ROOT) + "\u0000" + h.value() + "\u0000")
                    .sorted()
                    .forEach(line -> digest.update(line.getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
