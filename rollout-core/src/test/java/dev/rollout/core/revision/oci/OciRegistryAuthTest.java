package dev.rollout.core.revision.oci;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.rollout.core.revision.oci.FakeRegistry.MANIFESTS;
import static dev.rollout.core.revision.oci.FakeRegistry.TAGS;
import static dev.rollout.core.revision.oci.FakeRegistry.digest;
import static dev.rollout.core.revision.oci.FakeRegistry.tagList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.rollout.api.RolloutException;
import dev.rollout.api.Secret;
import dev.rollout.api.model.Revision;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OciRegistryAuthTest {
    static final FakeRegistry registry = new FakeRegistry();
    static final String PASSWORD = "s3cret-pass";
    static final String TOKEN = "tok-0123456789abcdef";
    static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString(("ci:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    static final String SCOPE = "repository:shop/checkout:pull";

    @AfterAll
    static void stop() {
        registry.close();
    }

    @BeforeEach
    void reset() {
        registry.server.resetAll();
    }

    OciRegistrySource withCredentials() {
        return registry.source().credentials("ci", Secret.of(PASSWORD)).build();
    }

    /** The message of the RolloutException {@code call} throws, checked to name no secret. */
    static String error(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(RolloutException.class);
        String message = thrown.getMessage();
        assertThat(message).contains("OCI registry ").contains("repository shop/checkout")
                .doesNotContain(PASSWORD).doesNotContain(TOKEN).doesNotContain(BASIC.substring(6));
        for (Throwable cause = thrown.getCause(); cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain(PASSWORD).doesNotContain(TOKEN);
        }
        return message;
    }

    void bearerChallengeOn(String url) {
        registry.server.stubFor(get(urlEqualTo(url)).atPriority(5).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer realm=\"" + registry.uri() + "/token\",service=\"registry.test\","
                        + "scope=\"" + SCOPE + "\"")));
    }

    void tokenService() {
        registry.server.stubFor(get(urlPathEqualTo("/token")).withHeader("Authorization", equalTo(BASIC))
                .willReturn(aResponse().withBody("{\"token\":\"" + TOKEN + "\",\"expires_in\":300}")));
    }

    @Test
    void aBearerChallengeFetchesATokenForTheRepositoryScopeAndUsesIt() {
        bearerChallengeOn(TAGS + "?n=100");
        tokenService();
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withBody(tagList("1.0.0", "1.1.0"))));
        OciRegistrySource source = withCredentials();

        assertThat(source.candidates()).extracting(Revision::id).containsExactly("1.1.0", "1.0.0");
        assertThat(source.candidates()).hasSize(2);

        registry.server.verify(1, getRequestedFor(urlPathEqualTo("/token"))
                .withQueryParam("service", equalTo("registry.test"))
                .withQueryParam("scope", equalTo(SCOPE))
                .withHeader("Authorization", equalTo(BASIC)));
        // Anonymous first, then the token on every later request (the token is reused).
        registry.server.verify(1, getRequestedFor(urlEqualTo(TAGS + "?n=100")).withHeader("Authorization", absent()));
        registry.server.verify(2, getRequestedFor(urlEqualTo(TAGS + "?n=100"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        assertThat(source.toString()).doesNotContain(PASSWORD).doesNotContain(TOKEN);
    }

    @Test
    void anonymousPullsGetATokenWithoutCredentials() {
        bearerChallengeOn(TAGS + "?n=100");
        registry.server.stubFor(get(urlPathEqualTo("/token")).withHeader("Authorization", absent())
                .willReturn(aResponse().withBody("{\"access_token\":\"" + TOKEN + "\"}")));
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withBody(tagList("2.0.0"))));

        assertThat(registry.source().build().candidates()).extracting(Revision::id).containsExactly("2.0.0");
    }

    @Test
    void aServerErrorThatEchoesTheTokenIsReportedRedacted() {
        bearerChallengeOn(TAGS + "?n=100");
        tokenService();
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withStatus(500).withBody("backend failed for Bearer " + TOKEN
                        + " and password " + PASSWORD)));

        assertThat(error(() -> withCredentials().candidates()))
                .contains("listing tags: HTTP 500 (server error): backend failed for Bearer **** and password ****");
    }

    @Test
    void aTokenServiceRefusingTheCredentialsIsNamedWithoutThem() {
        bearerChallengeOn(TAGS + "?n=100");
        registry.server.stubFor(get(urlPathEqualTo("/token")).willReturn(aResponse().withStatus(401)));

        assertThat(error(() -> withCredentials().candidates()))
                .contains("token service " + registry.uri() + "/token refused a token for scope '" + SCOPE
                        + "' (HTTP 401) for user 'ci'");
    }

    @Test
    void aTokenTheRegistryStillRejectsIsA401AfterAuthenticating() {
        bearerChallengeOn(TAGS + "?n=100");
        tokenService();

        assertThat(error(() -> withCredentials().candidates()))
                .contains("answered HTTP 401 to GET " + TAGS + " after authenticating as 'ci'");
        registry.server.verify(1, getRequestedFor(urlPathEqualTo("/token")));
    }

    @Test
    void aRealmThatIsNotAnHttpUrlIsRefused() {
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100")).willReturn(aResponse().withStatus(401)
                .withHeader("WWW-Authenticate", "Bearer realm=\"file:///etc/passwd\",scope=\"" + SCOPE + "\"")));
        assertThat(error(() -> withCredentials().candidates()))
                .contains("sent a Bearer realm 'file:///etc/passwd' that is not an http(s) URL");
    }

    @Test
    void aBasicChallengeIsAnsweredWithTheCredentials() {
        registry.server.stubFor(head(urlEqualTo(MANIFESTS + "1.0.0")).atPriority(5).willReturn(aResponse()
                .withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"registry\"")));
        registry.server.stubFor(head(urlEqualTo(MANIFESTS + "1.0.0")).atPriority(1)
                .withHeader("Authorization", equalTo(BASIC))
                .willReturn(aResponse().withHeader("Docker-Content-Digest", digest('e'))));

        assertThat(withCredentials().resolve("1.0.0").attributes()).containsEntry("digest", digest('e'));
        registry.server.verify(1, headRequestedFor(urlEqualTo(MANIFESTS + "1.0.0")).withHeader("Authorization", equalTo(BASIC)));
    }

    @Test
    void aBasicChallengeWithoutCredentialsSaysSo() {
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100")).willReturn(aResponse()
                .withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"registry\"")));
        assertThat(error(() -> registry.source().build().candidates()))
                .contains("requires credentials (Basic challenge) and none are configured");
    }

    @Test
    void wrongBasicCredentialsAreA401AfterAuthenticating() {
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100")).willReturn(aResponse()
                .withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"registry\"")
                .withBody("{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}")));
        assertThat(error(() -> withCredentials().candidates()))
                .contains("answered HTTP 401 to GET " + TAGS + " after authenticating as 'ci'")
                .contains("UNAUTHORIZED");
    }

    @Test
    void anUnreachableRegistryIsNamed() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port);
        OciRegistrySource source = OciRegistrySource.builder().registry(closed).repository("shop/checkout")
                .credentials("ci", Secret.of(PASSWORD)).build();
        assertThat(error(source::candidates)).contains("OCI registry " + closed)
                .contains("GET " + closed + TAGS + " failed, registry unreachable?");
    }

    @Test
    void aMissingRepositoryIsNamed() {
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100")).willReturn(aResponse().withStatus(404)
                .withBody("{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known\"}]}")));
        assertThat(error(() -> withCredentials().candidates()))
                .contains("repository not found (HTTP 404 listing tags) (NAME_UNKNOWN)");
    }

    @Test
    void aServerErrorIsNamedWithItsStatus() {
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100")).willReturn(aResponse().withStatus(503)
                .withBody("<html>Service Unavailable</html>")));
        assertThat(error(() -> withCredentials().candidates()))
                .contains("listing tags: HTTP 503 (server error): <html>Service Unavailable</html>");
        registry.server.stubFor(head(urlEqualTo(MANIFESTS + "1.0.0")).willReturn(aResponse().withStatus(502)));
        assertThat(error(() -> withCredentials().resolve("1.0.0"))).contains("HEAD manifest 1.0.0: HTTP 502 (server error)");
    }

    @Test
    void malformedJsonIsNamed() {
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100")).willReturn(aResponse().withBody("{\"tags\": [\"1.0")));
        assertThat(error(() -> withCredentials().candidates()))
                .contains("tag list " + TAGS + " answered a body that is not a JSON object");
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100")).willReturn(aResponse().withBody("{\"tags\": 7}")));
        assertThat(error(() -> withCredentials().candidates())).contains("has 'tags' that is not a list");
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowed() {
        // localhost is the same server under another host name: a different origin to the client.
        String elsewhere = "http://localhost:" + registry.server.port() + "/elsewhere";
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100")).willReturn(aResponse().withStatus(307)
                .withHeader("Location", elsewhere)));

        assertThat(error(() -> withCredentials().candidates()))
                .contains("redirected GET " + TAGS + " to another host (http://localhost:" + registry.server.port()
                        + "); not followed, so credentials are not sent there");
        registry.server.verify(0, getRequestedFor(urlEqualTo("/elsewhere")));
    }

    @Test
    void aRedirectOnTheSameOriginIsFollowed() {
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "/moved/tags")));
        registry.server.stubFor(get(urlEqualTo("/moved/tags")).willReturn(aResponse().withBody(tagList("1.0.0"))));
        assertThat(withCredentials().candidates()).extracting(Revision::id).containsExactly("1.0.0");
    }

    @Test
    void aNextPageOnAnotherHostIsNotFollowed() {
        registry.page(TAGS + "?n=100", "http://localhost:" + registry.server.port() + TAGS + "?last=1", "1.0.0");
        assertThat(error(() -> withCredentials().candidates())).contains("tag list's next link points to another host");
        registry.server.verify(1, getRequestedFor(urlPathEqualTo(TAGS)));
    }

    @Test
    void aPaginationLoopIsDetected() {
        registry.page(TAGS + "?n=100", TAGS + "?n=100", "1.0.0");
        assertThat(error(() -> withCredentials().candidates())).contains("tag list pagination does not end");
    }

    @Test
    void aSlowRegistryTimesOut() {
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100")).willReturn(aResponse().withFixedDelay(5000)
                .withBody(tagList("1.0.0"))));
        OciRegistrySource source = registry.source().timeout(Duration.ofMillis(200)).build();
        assertThat(error(source::candidates)).contains("timed out after 200 ms");
    }

    @Test
    void noRequestEverCarriesCredentialsOutsideTheRegistryAndTheRealm() {
        bearerChallengeOn(TAGS + "?n=100");
        tokenService();
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100")).atPriority(1)
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(aResponse().withBody(tagList("1.0.0"))));
        withCredentials().candidates();
        for (LoggedRequest request : registry.server.findAll(getRequestedFor(urlPathEqualTo("/token")))) {
            assertThat(request.getUrl()).doesNotContain(PASSWORD);
        }
        for (LoggedRequest request : registry.server.findAll(getRequestedFor(urlPathEqualTo(TAGS)))) {
            assertThat(request.getHeader("Authorization")).isIn(null, "Bearer " + TOKEN);
        }
    }
}
