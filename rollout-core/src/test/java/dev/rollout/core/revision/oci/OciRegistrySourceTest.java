package dev.rollout.core.revision.oci;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.rollout.core.revision.oci.FakeRegistry.MANIFESTS;
import static dev.rollout.core.revision.oci.FakeRegistry.TAGS;
import static dev.rollout.core.revision.oci.FakeRegistry.digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.RolloutException;
import dev.rollout.api.model.Revision;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OciRegistrySourceTest {
    static final FakeRegistry registry = new FakeRegistry();

    @AfterAll
    static void stop() {
        registry.close();
    }

    @BeforeEach
    void reset() {
        registry.server.resetAll();
    }

    @Test
    void candidatesFollowEveryPageAndKeepMatchingSemverTagsNewestFirst() {
        registry.page(TAGS + "?n=2", TAGS + "?n=2&last=latest", "1.0.0", "latest");
        // An absolute next link on the registry's own origin is followed as well as a relative one.
        registry.page(TAGS + "?n=2&last=latest", registry.uri() + TAGS + "?n=2&last=main-abc", "1.2.0", "main-abc");
        registry.page(TAGS + "?n=2&last=main-abc", null, "v1.10.0", "1.2.1-rc.1", "2.0.0", "1.9.0+build.7");

        OciRegistrySource source = registry.source().constraint("^1.0").pageSize(2).build();

        assertThat(source.candidates()).extracting(Revision::id)
                .containsExactly("v1.10.0", "1.9.0+build.7", "1.2.0", "1.0.0");
        assertThat(source.candidates().get(0).attributes()).isEqualTo(Map.of("tag", "v1.10.0"));
        registry.server.verify(2, getRequestedFor(urlEqualTo(TAGS + "?n=2")));
        registry.server.verify(2, getRequestedFor(urlEqualTo(TAGS + "?n=2&last=main-abc")));
    }

    @Test
    void theDefaultConstraintAdmitsEveryReleaseButNoPrerelease() {
        registry.page(TAGS + "?n=100", null, "0.1.0", "latest", "3.0.0-beta.1", "2.4.1", "stable", "sha-1a2b3c");
        assertThat(registry.source().build().candidates()).extracting(Revision::id).containsExactly("2.4.1", "0.1.0");
    }

    @Test
    void aConstraintNamingAPrereleaseAdmitsPrereleases() {
        registry.page(TAGS + "?n=100", null, "3.0.0-beta.1", "3.0.0-beta.11", "3.0.0-beta.2", "3.0.0", "2.9.0");
        assertThat(registry.source().constraint(">=3.0.0-0").build().candidates()).extracting(Revision::id)
                .containsExactly("3.0.0", "3.0.0-beta.11", "3.0.0-beta.2", "3.0.0-beta.1");
    }

    @Test
    void anEmptyRepositoryHasNoCandidates() {
        registry.server.stubFor(get(urlEqualTo(TAGS + "?n=100"))
                .willReturn(aResponse().withBody("{\"name\":\"shop/checkout\",\"tags\":null}")));
        assertThat(registry.source().build().candidates()).isEmpty();
    }

    @Test
    void resolvingATagPinsItsDigestFromAHeadRequest() {
        registry.server.stubFor(head(urlEqualTo(MANIFESTS + "1.2.0")).willReturn(aResponse()
                .withHeader("Docker-Content-Digest", digest('a'))
                .withHeader("Content-Type", "application/vnd.oci.image.index.v1+json")));

        Revision revision = registry.source().constraint("~1.2").build().resolve("1.2.0");

        assertThat(revision.id()).isEqualTo("1.2.0");
        assertThat(revision.attributes()).containsEntry("tag", "1.2.0").containsEntry("digest", digest('a'))
                .containsEntry("image", registry.authority() + "/shop/checkout@" + digest('a'));
        registry.server.verify(headRequestedFor(urlEqualTo(MANIFESTS + "1.2.0"))
                .withHeader("Accept", containing("application/vnd.oci.image.index.v1+json"))
                .withHeader("Accept", containing("application/vnd.oci.image.manifest.v1+json"))
                .withHeader("Accept", containing("application/vnd.docker.distribution.manifest.list.v2+json"))
                .withHeader("Accept", containing("application/vnd.docker.distribution.manifest.v2+json")));
        registry.server.verify(0, getRequestedFor(urlEqualTo(MANIFESTS + "1.2.0")));
    }

    @Test
    void whenHeadIsNotAllowedTheDigestIsTheSha256OfTheManifestBody() throws Exception {
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}";
        registry.server.stubFor(head(urlEqualTo(MANIFESTS + "1.3.0")).willReturn(aResponse().withStatus(405)));
        registry.server.stubFor(get(urlEqualTo(MANIFESTS + "1.3.0")).willReturn(aResponse().withBody(manifest)));

        Revision revision = registry.source().build().resolve("1.3.0");

        assertThat(revision.attributes()).containsEntry("digest", FakeRegistry.sha256(manifest))
                .containsEntry("image", registry.authority() + "/shop/checkout@" + FakeRegistry.sha256(manifest));
    }

    @Test
    void aHeadAnswerWithoutADigestHeaderFallsBackToGet() throws Exception {
        String manifest = "{\"schemaVersion\":2}";
        registry.server.stubFor(head(urlEqualTo(MANIFESTS + "1.4.0")).willReturn(aResponse().withStatus(200)));
        registry.server.stubFor(get(urlEqualTo(MANIFESTS + "1.4.0")).willReturn(aResponse()
                .withHeader("Docker-Content-Digest", FakeRegistry.sha256(manifest)).withBody(manifest)));

        assertThat(registry.source().build().resolve("1.4.0").attributes())
                .containsEntry("digest", FakeRegistry.sha256(manifest));
        registry.server.verify(getRequestedFor(urlEqualTo(MANIFESTS + "1.4.0"))
                .withHeader("Accept", containing("application/vnd.oci.image.manifest.v1+json")));
    }

    @Test
    void aMalformedDigestHeaderIsRefused() {
        registry.server.stubFor(head(urlEqualTo(MANIFESTS + "1.4.0")).willReturn(aResponse()
                .withHeader("Docker-Content-Digest", "md5:abc")));
        assertThatThrownBy(() -> registry.source().build().resolve("1.4.0"))
                .hasMessageContaining("manifest 1.4.0 has a Docker-Content-Digest 'md5:abc' that is not sha256:<64 hex>");
    }

    @Test
    void aManifestWhoseBodyDoesNotMatchTheClaimedDigestIsRefused() {
        registry.server.stubFor(head(urlEqualTo(MANIFESTS + "1.3.0")).willReturn(aResponse().withStatus(405)));
        registry.server.stubFor(get(urlEqualTo(MANIFESTS + "1.3.0")).willReturn(aResponse()
                .withHeader("Docker-Content-Digest", digest('b')).withBody("{\"schemaVersion\":2}")));

        assertThatThrownBy(() -> registry.source().build().resolve("1.3.0")).isInstanceOf(RolloutException.class)
                .hasMessageContaining("manifest 1.3.0 has digest sha256:")
                .hasMessageContaining("the registry claims " + digest('b'));
    }

    @Test
    void aTagOutsideTheConstraintNamesTagConstraintAndTheNewestMatchingTags() {
        registry.page(TAGS + "?n=100", null, "1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.6.0", "2.0.0");

        assertThatThrownBy(() -> registry.source().constraint("^1.0").build().resolve("2.0.0"))
                .isInstanceOf(RolloutException.class)
                .hasMessageContaining("OCI registry " + registry.uri() + " repository shop/checkout")
                .hasMessageContaining("tag '2.0.0' does not satisfy constraint '^1.0'")
                .hasMessageContaining("newest matching tags: 1.6.0, 1.5.0, 1.4.0, 1.3.0, 1.2.0 and 2 more");
        registry.server.verify(0, headRequestedFor(urlEqualTo(MANIFESTS + "2.0.0")));
    }

    @Test
    void aTagThatIsNotSemverIsRefused() {
        registry.page(TAGS + "?n=100", null, "1.0.0", "latest");
        assertThatThrownBy(() -> registry.source().build().resolve("latest"))
                .hasMessageContaining("tag 'latest' is not a semantic version, so constraint '*' cannot admit it")
                .hasMessageContaining("newest matching tags: 1.0.0");
    }

    @Test
    void aMissingTagIsNamedWithTheNewestMatchingTags() {
        registry.page(TAGS + "?n=100", null, "1.0.0", "1.1.0");
        registry.server.stubFor(head(urlEqualTo(MANIFESTS + "1.2.0")).willReturn(aResponse().withStatus(404)));

        assertThatThrownBy(() -> registry.source().constraint("1.x").build().resolve("1.2.0"))
                .hasMessageContaining("tag '1.2.0' not found (constraint '1.x'); newest matching tags: 1.1.0, 1.0.0");
    }

    @Test
    void aDigestResolvesToItselfAndHasNoReleaseOrder() {
        registry.server.stubFor(head(urlEqualTo(MANIFESTS + digest('c')))
                .willReturn(aResponse().withHeader("Docker-Content-Digest", digest('c'))));
        OciRegistrySource source = registry.source().build();

        Revision revision = source.resolve(digest('c'));

        assertThat(revision.id()).isEqualTo(digest('c'));
        assertThat(revision.attributes()).isEqualTo(Map.of("digest", digest('c'),
                "image", registry.authority() + "/shop/checkout@" + digest('c')));
        Revision tagged = new Revision("1.0.0", Map.of("tag", "1.0.0"));
        assertThatThrownBy(() -> source.releaseOrder().compare(revision, tagged))
                .isInstanceOf(RolloutException.class)
                .hasMessageContaining("revision '" + digest('c') + "' was resolved by digest, so its release order is unknown");
    }

    @Test
    void aDigestTheRegistryDoesNotHaveIsNamed() {
        registry.server.stubFor(head(urlEqualTo(MANIFESTS + digest('d'))).willReturn(aResponse().withStatus(404)));
        assertThatThrownBy(() -> registry.source().build().resolve(digest('d')))
                .hasMessageContaining("manifest " + digest('d') + " not found");
    }

    @Test
    void releaseOrderIsSemverPrecedenceOfTheTag() {
        var order = registry.source().build().releaseOrder();
        Revision v190 = new Revision("1.9.0", Map.of("tag", "1.9.0", "digest", digest('1')));
        Revision v1100 = new Revision("1.10.0", Map.of("tag", "1.10.0", "digest", digest('2')));
        Revision rc = Revision.of("1.10.0-rc.1");

        assertThat(order.compare(v1100, v190)).isPositive();
        assertThat(order.compare(v190, v1100)).isNegative();
        assertThat(order.compare(rc, v1100)).isNegative();
        assertThat(order.compare(rc, v190)).isPositive();
        assertThat(order.compare(v190, v190)).isZero();
        // Equal precedence still orders distinct tags, consistently both ways.
        int c = order.compare(Revision.of("v2.0.0"), Revision.of("2.0.0"));
        assertThat(c).isNotZero();
        assertThat(order.compare(Revision.of("2.0.0"), Revision.of("v2.0.0"))).isEqualTo(-Integer.signum(c) * Math.abs(c));
        assertThat(List.of(v190, rc, v1100).stream().sorted(order.reversed()).map(Revision::id))
                .containsExactly("1.10.0", "1.10.0-rc.1", "1.9.0");
        assertThatThrownBy(() -> order.compare(Revision.of("latest"), v190))
                .hasMessageContaining("revision 'latest' has tag 'latest', which is not a semantic version");
    }

    @Test
    void theBuilderRefusesWhatWouldLeakOrCannotWork() {
        assertThatThrownBy(() -> OciRegistrySource.builder().registry(URI.create("ftp://example.com")))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> OciRegistrySource.builder().registry(URI.create("https://ci:pw@example.com")))
                .hasMessageContaining("must not hold credentials in its URL")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> OciRegistrySource.builder().registry(URI.create("https://example.com/v2/")))
                .hasMessageContaining("without path");
        assertThatThrownBy(() -> OciRegistrySource.builder().repository("Shop/Checkout"))
                .hasMessageContaining("repository 'Shop/Checkout' is not a valid repository name");
        assertThatThrownBy(() -> OciRegistrySource.builder().constraint("^1.2 ||"))
                .hasMessageContaining("invalid semver constraint '^1.2 ||' at position 8");
        assertThatThrownBy(() -> OciRegistrySource.builder().httpClient(
                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()))
                .hasMessageContaining("Redirect.NEVER");
        assertThatThrownBy(() -> OciRegistrySource.builder().registry(registry.uri()).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs repository");
    }

    @Test
    void toStringNamesRegistryRepositoryAndConstraint() {
        assertThat(registry.source().constraint("^1.2").build())
                .hasToString("OciRegistrySource[" + registry.uri() + "/shop/checkout, constraint '^1.2']");
    }
}
