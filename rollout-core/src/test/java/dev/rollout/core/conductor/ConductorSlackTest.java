package dev.rollout.core.conductor;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.rollout.api.MockClock;
import dev.rollout.api.Secret;
import dev.rollout.api.model.Commit;
import dev.rollout.api.model.Revision;
import dev.rollout.api.spi.RevisionSource;
import dev.rollout.core.conductor.config.ServiceConfigLoader;
import dev.rollout.core.conductor.versions.DeployResult;
import dev.rollout.core.revision.StaticRevisionSource;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config's {@code notify: slack} posts, end to end through the conductor, to a loopback
 * webhook: the deploy's start and finish with each cluster's commits since its previous revision.
 */
class ConductorSlackTest {
    private static final String PATH = "/services/T000/B000/SECRETwebhookPART";

    @TempDir
    Path dir;

    private final WireMockServer slack = new WireMockServer(options().dynamicPort()
            .bindAddress("127.0.0.1"));

    @BeforeEach
    void start() {
        slack.start();
        slack.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
    }

    @AfterEach
    void stop() {
        slack.stop();
    }

    @Test
    void aDeployPostsItsStartAndFinishWithTheCommitsOfEachCluster() {
        String service = ServiceFixture.SERVICE.formatted("halt").replace(
                "    - name: staging\n      waves: [{clusters: [staging-eu]}]\n",
                "    - name: staging\n      waves: [{clusters: [staging-eu]}]\n"
                        + "      notify:\n        - slack: {webhookUrl: {secretKeyRef: {name: slack, key: url}}}\n");
        assertThat(service).contains("slack:");
        String url = "http://127.0.0.1:" + slack.port() + PATH;
        MockClock clock = new MockClock(Instant.parse("2026-12-01T10:00:00Z"));
        VirtualScheduler scheduler = new VirtualScheduler(clock);
        try (Conductor conductor = Conductor.builder()
                .config(ServiceConfigLoader.load(ServiceFixture.write(dir, service, ServiceFixture.ROLLOUT)))
                .revisionSource(new Numbered())
                .scheduler(scheduler)
                .metricProvider(new ProbeProvider())
                .secretResolver((namespace, name, key) -> name.equals("slack") && key.equals("url")
                        ? Optional.of(Secret.of(url)) : Optional.empty())
                .build()) {
            DeployHandle first = conductor.deploy(DeployRequest.of("staging", "v1").allowingFirstDeploy());
            VirtualTimeDriver.runUntilSettled(scheduler, first, Duration.ofDays(1));
            DeployHandle second = conductor.deploy(DeployRequest.of("staging", "v3"));
            VirtualTimeDriver.runUntilSettled(scheduler, second, Duration.ofDays(1));
            assertThat(second.status().result()).isEqualTo(DeployResult.Deployed);

            List<LoggedRequest> posts = awaitPosts(4, scheduler);
            // Posts are delivered asynchronously: find the v3 ones by their content.
            assertThat(posts).filteredOn(p -> p.getBodyAsString().contains("v3")).hasSize(2)
                    .allSatisfy(p -> assertThat(p.getBodyAsString()).contains("checkout")
                            .contains("staging").contains("c3").contains("change 3")
                            .contains("c2").contains("change 2").doesNotContain("change 1"));
            assertThat(posts).allSatisfy(p -> assertThat(p.getBodyAsString()).doesNotContain(PATH));
        }
    }

    /**
     * The webhook is called on real HTTP; the virtual scheduler waits for calls in flight
     * (Scheduler.track), so running it to idle delivers every post and its retries.
     */
    private List<LoggedRequest> awaitPosts(int count, VirtualScheduler scheduler) {
        scheduler.runUntilIdle(Duration.ofMinutes(5));
        List<LoggedRequest> posts = slack.findAll(com.github.tomakehurst.wiremock.client.WireMock
                .postRequestedFor(urlEqualTo(PATH)));
        assertThat(posts).hasSize(count);
        return posts;
    }

    /** Revisions v1..v5 whose commits are c2..c5, one per revision. */
    private static final class Numbered implements RevisionSource {
        private final StaticRevisionSource delegate = StaticRevisionSource.ofIds("v5", "v4", "v3", "v2", "v1");

        @Override
        public List<Revision> candidates() {
            return delegate.candidates();
        }

        @Override
        public Revision resolve(String reference) {
            return delegate.resolve(reference);
        }

        @Override
        public List<Commit> commitsBetween(Revision from, Revision to) {
            List<Commit> out = new ArrayList<>();
            for (int i = Integer.parseInt(to.id().substring(1)); i > Integer.parseInt(from.id().substring(1)); i--) {
                out.add(new Commit("c" + i + "0000000000", "c" + i, "change " + i, "dev"));
            }
            return out;
        }
    }
}
