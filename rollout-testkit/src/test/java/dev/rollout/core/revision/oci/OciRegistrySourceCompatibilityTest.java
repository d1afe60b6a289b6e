package dev.rollout.core.revision.oci;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.rollout.core.revision.oci.FakeRegistry.MANIFESTS;
import static dev.rollout.core.revision.oci.FakeRegistry.TAGS;

import dev.rollout.api.spi.RevisionSource;
import dev.rollout.testkit.RevisionSourceCompatibilityKit;
import org.junit.jupiter.api.AfterAll;

/**
 * An OCI registry's semver tags pass the revision source kit, against a loopback registry whose
 * tags arrive out of order and mixed with tags the constraint leaves out.
 */
class OciRegistrySourceCompatibilityTest extends RevisionSourceCompatibilityKit {
    static final FakeRegistry registry = new FakeRegistry();
    private final OciRegistrySource source;

    OciRegistrySourceCompatibilityTest() {
        registry.server.resetAll();
        registry.page(TAGS + "?n=100", null, "1.2.0", "latest", "1.10.0", "0.9.0", "1.3.0-rc.1", "1.9.1");
        char digit = 'a';
        for (String tag : new String[] {"1.2.0", "1.10.0", "0.9.0", "1.9.1"}) {
            registry.server.stubFor(head(urlEqualTo(MANIFESTS + tag)).willReturn(aResponse()
                    .withHeader("Docker-Content-Digest", FakeRegistry.digest(digit++))
                    .withHeader("Content-Type", "application/vnd.oci.image.manifest.v1+json")));
        }
        source = registry.source().build();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Override
    protected RevisionSource source() {
        return source;
    }

    @Override
    protected String unknownReference() {
        return "7.7.7";
    }
}
