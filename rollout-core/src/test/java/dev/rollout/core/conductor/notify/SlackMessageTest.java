package dev.rollout.core.conductor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.api.deploy.DeployNotification;
import dev.rollout.api.deploy.DeployNotification.ClusterChange;
import dev.rollout.api.deploy.DeployNotification.Kind;
import dev.rollout.api.model.Commit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SlackMessageTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Commit FIX = new Commit("a1b2c3d4e5f6", "a1b2c3d", "Fix <checkout> & totals", "ann");
    static final Commit FEAT = new Commit("0f9e8d7c6b5a", "0f9e8d7", "Add `gift` cards", "bob");
    static final Commit OLD = new Commit("9999999aaaaa", "9999999", "Bump deps", "cy");

    static DeployNotification notification(Kind kind, List<ClusterChange> clusters) {
        return new DeployNotification(kind, "checkout", "production", "a1b2c3d", "req-42", clusters,
                kind == Kind.FAILED ? "cluster eu-west failed: analysis error-rate failed" : "",
                Instant.parse("2026-12-03T17:00:00Z"));
    }

    static JsonNode render(DeployNotification n) throws Exception {
        return JSON.readTree(SlackMessage.render(n));
    }

    static List<String> texts(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.path("blocks").forEach(b -> out.add(b.path("text").path("text").asText()));
        return out;
    }

    @Test
    void aFinishedDeployNamesServiceEnvironmentRevisionAndListsCommitsPerPreviousRevision() throws Exception {
        JsonNode body = render(notification(Kind.FINISHED, List.of(
                new ClusterChange("us-east", "9999999", List.of(FIX, FEAT)),
                new ClusterChange("eu-west", "1111111", List.of(FIX, FEAT, OLD)),
                new ClusterChange("ap-south", "9999999", List.of(FIX, FEAT)))));

        assertThat(body.path("text").asText()).isEqualTo("Deployed checkout a1b2c3d to production");
        JsonNode blocks = body.path("blocks");
        assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).path("text").path("type").asText()).isEqualTo("plain_text");
        assertThat(blocks.get(0).path("text").path("text").asText())
                .isEqualTo(":white_check_mark: Deployed checkout a1b2c3d to production");
        assertThat(blocks.get(1).path("text").path("type").asText()).isEqualTo("mrkdwn");
        assertThat(blocks.get(1).path("text").path("text").asText())
                .contains("*Service:* checkout", "*Environment:* production", "*Revision:* `a1b2c3d`",
                        "request req-42 at 2026-12-03T17:00:00Z");
        // us-east and ap-south ran the same revision, so they share a list; eu-west has its own.
        assertThat(blocks).hasSize(4);
        assertThat(blocks.get(2).path("text").path("text").asText()).isEqualTo("""
                *us-east, ap-south*: from `9999999` (2 commits)
                `a1b2c3d` Fix &lt;checkout&gt; &amp; totals
                `0f9e8d7` Add `gift` cards""");
        assertThat(blocks.get(3).path("text").path("text").asText()).isEqualTo("""
                *eu-west*: from `1111111` (3 commits)
                `a1b2c3d` Fix &lt;checkout&gt; &amp; totals
                `0f9e8d7` Add `gift` cards
                `9999999` Bump deps""");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everyKindSaysWhatHappened(Kind kind) throws Exception {
        JsonNode body = render(notification(kind, List.of()));
        String expected = switch (kind) {
            case STARTED -> "Deploying checkout a1b2c3d to production";
            case FINISHED -> "Deployed checkout a1b2c3d to production";
            case FAILED -> "Deploy of checkout a1b2c3d to production failed";
            case ROLLED_BACK -> "Deploy of checkout a1b2c3d to production failed and was rolled back";
            case REFUSED -> "Deploy of checkout a1b2c3d to production refused";
            case SUPERSEDED -> "Deploy of checkout a1b2c3d to production superseded";
            case WAITING_FOR_APPROVAL -> "Deploy of checkout a1b2c3d to production waits for approval";
        };
        assertThat(body.path("text").asText()).startsWith(expected);
        assertThat(texts(body).get(0)).endsWith(expected).startsWith(":");
    }

    @Test
    void theMessageGoesIntoTheFallbackAndTheSummary() throws Exception {
        JsonNode body = render(notification(Kind.FAILED, List.of()));
        assertThat(body.path("text").asText()).isEqualTo(
                "Deploy of checkout a1b2c3d to production failed: cluster eu-west failed: analysis error-rate failed");
        assertThat(texts(body).get(1)).contains("\ncluster eu-west failed: analysis error-rate failed\n");
    }

    @Test
    void firstDeploysUnknownCommitsAndUnchangedClustersSaySo() throws Exception {
        List<String> texts = texts(render(notification(Kind.STARTED, List.of(
                new ClusterChange("new-region", null, List.of()),
                new ClusterChange("us-east", "9999999", List.of()),
                new ClusterChange("eu-west", "a1b2c3d", List.of())))));
        assertThat(texts.subList(2, 5)).containsExactly("*new-region*: first deploy",
                "*us-east*: from `9999999`\n_commits unknown_", "*eu-west*: already on `a1b2c3d`");
    }

    @Test
    void longCommitListsAreCappedWithACount() throws Exception {
        List<Commit> many = IntStream.range(0, 45).mapToObj(i ->
                new Commit("c" + i + "0000000", String.format("c%06d", i), "change " + i, "x")).toList();
        String text = texts(render(notification(Kind.FINISHED,
                List.of(new ClusterChange("us-east", "9999999", many))))).get(2);
        assertThat(text.lines()).hasSize(1 + SlackMessage.MAX_COMMITS + 1);
        assertThat(text).startsWith("*us-east*: from `9999999` (45 commits)\n`c000000` change 0\n")
                .contains("`c000019` change 19\n").doesNotContain("c000020")
                .endsWith("\n_and 25 more_");
    }

    @Test
    void everyTextStaysWithinSlacksLimits() throws Exception {
        // Escaping makes each '&' five characters, so 20 capped subjects overflow 3000.
        String subject = "&".repeat(400);
        List<Commit> longOnes = IntStream.range(0, 20).mapToObj(i ->
                new Commit("d" + i, String.format("d%06d", i), subject, "x")).toList();
        List<ClusterChange> clusters = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            // A distinct previous revision per cluster: 80 lists, more than 50 blocks would hold.
            clusters.add(new ClusterChange("cluster-" + i, "prev" + i, longOnes));
        }
        DeployNotification n = new DeployNotification(Kind.FAILED, "s".repeat(200), "production",
                "r".repeat(100), "req", clusters, "m".repeat(5000), Instant.EPOCH);
        JsonNode body = render(n);

        assertThat(body.path("blocks")).hasSize(SlackMessage.MAX_BLOCKS);
        assertThat(body.path("text").asText()).hasSizeLessThanOrEqualTo(SlackMessage.MAX_TEXT);
        assertThat(texts(body).get(0)).hasSizeLessThanOrEqualTo(SlackMessage.MAX_HEADER);
        assertThat(texts(body)).allSatisfy(t -> assertThat(t).hasSizeLessThanOrEqualTo(SlackMessage.MAX_TEXT));
        assertThat(texts(body).get(2)).contains("`d000000` " + "&amp;".repeat(100))
                .endsWith(" more_").doesNotContain("d000019");
        assertThat(texts(body).get(49)).startsWith("_and 33 more clusters: cluster-47, cluster-48");
    }
}
