package dev.rollout.core.conductor.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.rollout.api.Secret;
import dev.rollout.api.deploy.DeployNotification;
import dev.rollout.api.deploy.DeployNotification.ClusterChange;
import dev.rollout.api.deploy.DeployNotification.Kind;
import dev.rollout.core.conductor.notify.SlackWebhookNotifier.Delivery;
import dev.rollout.core.scheduler.VirtualScheduler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackWebhookNotifierTest {
    static final String PATH = "/services/T0001/B0002/Zk9SeCrEtWeBhOoK";
    static final String SECRET_PART = "Zk9SeCrEtWeBhOoK";

    final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    final VirtualScheduler scheduler = new VirtualScheduler();
    /** The virtual instant at which each request reached the server. */
    final List<Instant> arrivals = new CopyOnWriteArrayList<>();
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream originalErr;

    @BeforeEach
    void start() {
        server.start();
        server.addMockServiceRequestListener((request, response) -> arrivals.add(scheduler.clock().instant()));
        originalErr = System.err;
        // slf4j-simple looks System.err up at every write (see simplelogger.properties).
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setErr(originalErr);
        server.stop();
        String everything = logs.toString(StandardCharsets.UTF_8);
        originalErr.print(everything);
        assertThat(everything).doesNotContain(SECRET_PART).doesNotContain("/services/");
    }

    String url() {
        return "http://127.0.0.1:" + server.port() + PATH;
    }

    SlackWebhookNotifier notifier(int maxAttempts) {
        return SlackWebhookNotifier.builder(Secret.of(url())).scheduler(scheduler)
                .maxAttempts(maxAttempts).build();
    }

    static DeployNotification finished() {
        return new DeployNotification(Kind.FINISHED, "checkout", "production", "a1b2c3d", "req-7",
                List.of(new ClusterChange("us-east", "9999999", List.of(SlackMessageTest.FIX))), "",
                Instant.parse("2026-12-03T17:00:00Z"));
    }

    void stub(ResponseDefinitionBuilder... answers) {
        String state = STARTED;
        for (int i = 0; i < answers.length; i++) {
            String next = i == answers.length - 1 ? state : "answer-" + (i + 1);
            server.stubFor(post(urlEqualTo(PATH)).inScenario("answers").whenScenarioStateIs(state)
                    .willReturn(answers[i]).willSetStateTo(next));
            state = next;
        }
    }

    /** Runs the scheduler, waiting in real time only while a request is in flight. */
    Delivery drive(CompletableFuture<Delivery> delivery) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!delivery.isDone()) {
            if (scheduler.runUntilIdle(Duration.ofDays(1)) == 0 && !delivery.isDone()) {
                scheduler.awaitDue(Duration.ofSeconds(5));
            }
            if (System.nanoTime() > deadline) {
                fail("delivery did not end; " + scheduler);
            }
        }
        return delivery.get();
    }

    String logText() {
        return logs.toString(StandardCharsets.UTF_8);
    }

    @Test
    void postsTheRenderedMessageAsJson() throws Exception {
        stub(aResponse().withStatus(200).withBody("ok"));

        assertThat(drive(notifier(5).send(finished()))).isEqualTo(Delivery.DELIVERED);

        server.verify(1, postRequestedFor(urlEqualTo(PATH))
                .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
                .withRequestBody(matchingJsonPath("$.text", equalTo("Deployed checkout a1b2c3d to production")))
                .withRequestBody(matchingJsonPath("$.blocks[0].type", equalTo("header")))
                .withRequestBody(matchingJsonPath("$.blocks[2].text.text",
                        equalTo("*us-east*: from `9999999` (1 commit)\n`a1b2c3d` Fix &lt;checkout&gt; &amp; totals"))));
        assertThat(server.getAllServeEvents().get(0).getRequest().getBodyAsString())
                .isEqualTo(SlackMessage.render(finished()));
    }

    @Test
    void notifyReturnsAtOnceAndDeliversOnTheScheduler() {
        stub(aResponse().withStatus(200));
        notifier(5).notify(finished());
        assertThat(scheduler.pendingTasks()).isEqualTo(1);
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void retriesServerErrorsWithGrowingJitteredBackoff() throws Exception {
        stub(aResponse().withStatus(500), aResponse().withStatus(503), aResponse().withStatus(200));

        assertThat(drive(notifier(5).send(finished()))).isEqualTo(Delivery.DELIVERED);

        assertThat(arrivals).hasSize(3);
        Duration first = Duration.between(arrivals.get(0), arrivals.get(1));
        Duration second = Duration.between(arrivals.get(1), arrivals.get(2));
        // Defaults: 1 s doubling, half of each step random.
        assertThat(first).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(second).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(logText()).doesNotContain("not delivered");
    }

    @Test
    void a429WaitsForItsRetryAfter() throws Exception {
        stub(aResponse().withStatus(429).withHeader("Retry-After", "42"), aResponse().withStatus(200));

        assertThat(drive(notifier(5).send(finished()))).isEqualTo(Delivery.DELIVERED);

        assertThat(arrivals).hasSize(2);
        assertThat(Duration.between(arrivals.get(0), arrivals.get(1))).isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void a429WithAnHttpDateRetryAfterWaitsUntilThen() throws Exception {
        stub(aResponse().withStatus(429).withHeader("Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT"),
                aResponse().withStatus(200));

        assertThat(drive(notifier(5).send(finished()))).isEqualTo(Delivery.DELIVERED);

        assertThat(arrivals.get(1)).isEqualTo(Instant.parse("2026-01-01T00:00:30Z"));
    }

    @Test
    void clientErrorsOtherThan429AreNotRetried() throws Exception {
        for (int status : new int[] {400, 404}) {
            server.resetAll();
            arrivals.clear();
            stub(aResponse().withStatus(status).withBody("invalid_payload"));

            assertThat(drive(notifier(5).send(finished()))).isEqualTo(Delivery.GAVE_UP);

            assertThat(arrivals).hasSize(1);
            assertThat(scheduler.pendingTasks()).isZero();
            assertThat(logText()).contains("service checkout environment production revision a1b2c3d FINISHED: "
                    + "slack webhook notification not delivered: answered HTTP " + status + " (not retried)");
        }
    }

    @Test
    void givesUpAfterMaxAttemptsAndLogsItOnce() throws Exception {
        stub(aResponse().withStatus(502));

        assertThat(drive(notifier(3).send(finished()))).isEqualTo(Delivery.GAVE_UP);

        assertThat(arrivals).hasSize(3);
        assertThat(logText().lines().filter(l -> l.contains("not delivered")))
                .singleElement().asString().contains("WARN dev.rollout.core.conductor.notify.SlackWebhookNotifier")
                .endsWith("service checkout environment production revision a1b2c3d FINISHED: slack webhook "
                        + "notification not delivered: answered HTTP 502; gave up after 3 attempts");
    }

    @Test
    void ioErrorsAreRetriedAndNeverShowTheUrl() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SlackWebhookNotifier notifier = SlackWebhookNotifier.builder(
                Secret.of("http://127.0.0.1:" + closedPort + PATH)).scheduler(scheduler).maxAttempts(2).build();

        assertThat(drive(notifier.send(finished()))).isEqualTo(Delivery.GAVE_UP);

        assertThat(logText()).contains("not delivered: failed: ConnectException").contains("gave up after 2 attempts");
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowed() throws Exception {
        server.stubFor(post(urlEqualTo("/elsewhere" + PATH)).willReturn(aResponse().withStatus(200)));
        stub(aResponse().withStatus(307).withHeader("Location",
                "http://localhost:" + server.port() + "/elsewhere" + PATH));

        assertThat(drive(notifier(5).send(finished()))).isEqualTo(Delivery.GAVE_UP);

        assertThat(arrivals).hasSize(1);
        assertThat(logText()).contains("answered HTTP 307 redirecting to another host (not followed)")
                .doesNotContain("localhost");
    }

    @Test
    void aRedirectOnTheSameHostIsFollowedWithTheSameBody() throws Exception {
        server.stubFor(post(urlEqualTo("/moved")).willReturn(aResponse().withStatus(200)));
        stub(aResponse().withStatus(308).withHeader("Location", "/moved"));

        assertThat(drive(notifier(5).send(finished()))).isEqualTo(Delivery.DELIVERED);

        server.verify(1, postRequestedFor(urlEqualTo("/moved"))
                .withRequestBody(equalTo(SlackMessage.render(finished()))));
    }

    @Test
    void theUrlIsInNoExceptionAndNoToString() {
        SlackWebhookNotifier notifier = notifier(5);
        assertThat(notifier.toString()).doesNotContain(SECRET_PART).doesNotContain("127.0.0.1").contains("****");
        assertThatThrownBy(() -> SlackWebhookNotifier.builder(Secret.of("http://h/" + SECRET_PART + " bad")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("webhookUrl is not a valid URL");
        assertThatThrownBy(() -> SlackWebhookNotifier.builder(Secret.of("ftp://h/" + SECRET_PART)))
                .hasMessageNotContaining(SECRET_PART).hasMessageContaining("http or https");
        assertThatThrownBy(() -> SlackWebhookNotifier.builder(Secret.of(url()))
                .httpClient(java.net.http.HttpClient.newBuilder()
                        .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build()))
                .hasMessageContaining("Redirect.NEVER");
    }

    @Test
    void aNullNotificationIsLoggedNotThrown() throws Exception {
        assertThat(notifier(5).send(null).get()).isEqualTo(Delivery.GAVE_UP);
    }
}
