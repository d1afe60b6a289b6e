package dev.rollout.core.conductor.versions;

import static dev.rollout.core.conductor.versions.Releases.ORDER;
import static dev.rollout.core.conductor.versions.Releases.ticket;
import static dev.rollout.core.conductor.versions.Releases.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.api.MockClock;
import dev.rollout.api.RolloutException;
import dev.rollout.api.model.Revision;
import dev.rollout.core.state.InMemoryStateStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The stored document round-trips, refuses what it cannot read, and the records print with plain Jackson. */
class VersionCodecTest {
    private final VersionCodec codec = new VersionCodec();
    private final Instant now = Instant.parse("2026-05-04T03:02:01.123Z");

    private VersionDocument sample() {
        VersionDocument doc = new VersionDocument("shop", "prod");
        Revision rich = new Revision("sha256:abc", Map.of("image", "reg/shop@sha256:abc", "chart", "1.2.3"));
        doc.clusters.put("eu-1", new ClusterVersion("eu-1", rich, now, "r2", Optional.of(v(1))));
        doc.clusters.put("us-1", new ClusterVersion("us-1", v(1), now, "r1", Optional.empty()));
        doc.deploying = new DeployTicket("r3", v(3), "host-a:1", now);
        doc.pending = null;
        doc.record(new HistoryEntry(now, HistoryEntry.Kind.DEPLOYED, "r2", "sha256:abc", "eu-1", "from v1"));
        doc.record(new HistoryEntry(now, HistoryEntry.Kind.STARTED, "r3", "v3", null, "owner host-a:1"));
        return doc;
    }

    @Test
    void aDocumentRoundTripsWithRevisionAttributes() {
        VersionDocument doc = sample();

        VersionDocument back = codec.decode("deploys/shop/prod", codec.encode(doc));

        assertThat(back.snapshot()).isEqualTo(doc.snapshot());
        assertThat(back.clusters.get("eu-1").revision().attributes())
                .containsEntry("image", "reg/shop@sha256:abc").containsEntry("chart", "1.2.3");
    }

    @Test
    void theDocumentCarriesItsSchemaVersion() throws Exception {
        JsonNode json = new ObjectMapper().readTree(codec.encode(sample()));

        assertThat(json.path("schema").asInt()).isEqualTo(VersionCodec.SCHEMA);
        assertThat(json.path("pending").isNull()).isTrue();
    }

    @Test
    void aDocumentFromANewerSchemaIsAClearError() {
        String future = codec.encode(sample()).replace("\"schema\":1", "\"schema\":2");
        InMemoryStateStore state = new InMemoryStateStore();
        state.put("deploys/shop/prod", future, 0);
        VersionStore versions = new VersionStore(state, new MockClock());

        assertThatThrownBy(() -> versions.get("shop", "prod")).isInstanceOf(RolloutException.class)
                .hasMessageContaining("deploys/shop/prod").hasMessageContaining("schema 2")
                .hasMessageContaining("upgrade rollout");
        assertThatThrownBy(() -> versions.submit("shop", "prod", ticket("r9", 9), ORDER))
                .as("nothing is written over a document this version cannot read")
                .hasMessageContaining("schema 2");
        assertThat(state.get("deploys/shop/prod").orElseThrow().document()).isEqualTo(future);
    }

    @Test
    void aBrokenDocumentNamesTheKeyAndTheField() {
        String broken = codec.encode(sample()).replace("\"since\":\"2026-05-04T03:02:01.123Z\"",
                "\"since\":\"yesterday\"");

        assertThatThrownBy(() -> codec.decode("deploys/shop/prod", broken))
                .isInstanceOf(RolloutException.class)
                .hasMessageContaining("deploys/shop/prod").hasMessageContaining("clusters.eu-1.since");
        assertThatThrownBy(() -> codec.decode("deploys/shop/prod", "{\"schema\":1}"))
                .hasMessageContaining("'service'");
        assertThatThrownBy(() -> codec.decode("deploys/shop/prod", "[1"))
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void theRecordsPrintWithAPlainObjectMapper() throws Exception {
        ObjectMapper plain = new ObjectMapper();
        EnvironmentVersions env = sample().snapshot();

        JsonNode json = plain.readTree(plain.writeValueAsString(env));

        assertThat(json.path("deploying").path("requestedAt").asText()).isEqualTo("2026-05-04T03:02:01.123Z");
        assertThat(json.path("deploying").path("revision").path("id").asText()).isEqualTo("v3");
        assertThat(json.path("pending").isNull()).isTrue();
        assertThat(json.path("clusters").path("eu-1").path("previous").path("id").asText()).isEqualTo("v1");
        assertThat(json.path("clusters").path("us-1").path("previous").isNull()).isTrue();
        assertThat(json.path("clusters").path("eu-1").path("revision").path("attributes").path("chart")
                .asText()).isEqualTo("1.2.3");
        assertThat(json.path("history").get(0).path("kind").asText()).isEqualTo("DEPLOYED");
        assertThat(json.path("history").get(1).path("cluster").isNull()).isTrue();
        assertThat(json.has("clustersDone")).as("helpers are not serialized").isFalse();
        assertThat(json.path("history").get(0).has("finishedResult")).isFalse();

        JsonNode pending = plain.readTree(plain.writeValueAsString(
                new Admission.Pending(ticket("r2", 2), Optional.of(ticket("r1", 1)))));
        assertThat(pending.path("outcome").asText()).isEqualTo("Pending");
        assertThat(pending.path("superseded").path("requestId").asText()).isEqualTo("r1");
        JsonNode refused = plain.readTree(plain.writeValueAsString(
                (Admission) new Admission.Refused(ticket("r1", 1), v(2), "older")));
        assertThat(refused.path("outcome").asText()).isEqualTo("Refused");
        assertThat(refused.path("newer").path("id").asText()).isEqualTo("v2");
    }
}
