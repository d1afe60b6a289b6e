package dev.rollout.core.revision.oci;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/** A WireMock registry on loopback, with helpers to stub the Distribution API. */
final class FakeRegistry implements AutoCloseable {
    static final String REPO = "shop/checkout";
    static final String TAGS = "/v2/" + REPO + "/tags/list";
    static final String MANIFESTS = "/v2/" + REPO + "/manifests/";

    final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    FakeRegistry() {
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    String authority() {
        return "127.0.0.1:" + server.port();
    }

    OciRegistrySource.Builder source() {
        return OciRegistrySource.builder().registry(uri()).repository(REPO);
    }

    /** The tag list {@code {"name":..., "tags":[...]}}. */
    static String tagList(String... tags) {
        return "{\"name\":\"" + REPO + "\",\"tags\":[" + List.of(tags).stream().map(t -> "\"" + t + "\"")
                .collect(Collectors.joining(",")) + "]}";
    }

    /** Stubs one page of tags at {@code pathAndQuery}, linking to {@code next} when not null. */
    void page(String pathAndQuery, String next, String... tags) {
        var response = aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(tagList(tags));
        if (next != null) {
            response = response.withHeader("Link", "<" + next + ">; rel=\"next\"");
        }
        server.stubFor(get(urlEqualTo(pathAndQuery)).willReturn(response));
    }

    static String sha256(String body) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A digest made of one repeated hex digit, as registries answer in Docker-Content-Digest. */
    static String digest(char hex) {
        return "sha256:" + String.valueOf(hex).repeat(64);
    }

    @Override
    public void close() {
        server.stop();
    }
}
