package dev.rollout.core.conductor.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rollout.api.Secret;
import dev.rollout.api.spi.Notifier;
import dev.rollout.core.scheduler.VirtualScheduler;
import dev.rollout.testkit.NotifierCompatibilityKit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The Slack webhook notifier passes the notifier kit: a loopback WireMock webhook, retries on a
 * virtual scheduler, give-ups counted from its log (slf4j-simple looks System.err up at each write).
 */
class SlackWebhookNotifierCompatibilityTest extends NotifierCompatibilityKit {
    private static final String PATH = "/services/T1/B2/kit-hook";
    private static final String GAVE_UP = "slack webhook notification not delivered";

    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final VirtualScheduler scheduler = new VirtualScheduler();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private ServerSocket silent;
    private SlackWebhookNotifier notifier;

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
        notifier = notifier("http://127.0.0.1:" + server.port() + PATH);
        originalErr = System.err;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws IOException {
        System.setErr(originalErr);
        originalErr.print(logs.toString(StandardCharsets.UTF_8));
        server.stop();
        if (silent != null) {
            silent.close();
        }
    }

    private SlackWebhookNotifier notifier(String url) {
        return SlackWebhookNotifier.builder(Secret.of(url)).scheduler(scheduler).maxAttempts(3).build();
    }

    @Override
    protected Notifier notifier() {
        return notifier;
    }

    /**
     * Runs the scheduler (its clock waits for requests in flight) until {@code done} holds and no
     * task is left, waiting in real time, at most 5 s, only for an answer to come back.
     */
    private void drive(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            scheduler.runUntilIdle(Duration.ofDays(1));
            if (done.getAsBoolean() && scheduler.pendingTasks() == 0 && scheduler.externalWorkInFlight() == 0) {
                return;
            }
            scheduler.awaitDue(Duration.ofMillis(200));
        }
    }

    @Override
    protected List<String> awaitReceived(int count) throws Exception {
        drive(() -> server.getAllServeEvents().size() >= count);
        List<String> bodies = new ArrayList<>(server.getAllServeEvents().stream()
                .map(event -> event.getRequest().getBodyAsString()).toList());
        Collections.reverse(bodies); // WireMock lists the newest first
        return bodies;
    }

    @Override
    protected void failBackend() {
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(500)));
    }

    @Override
    protected void hangBackend() {
        try {
            // Bound but never accepting: the connection is queued by the kernel and never answered.
            silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        notifier = notifier("http://127.0.0.1:" + silent.getLocalPort() + PATH);
    }

    @Override
    protected int awaitReportedFailures() throws Exception {
        drive(() -> true);
        return reported();
    }

    private int reported() {
        return logs.toString(StandardCharsets.UTF_8).split(GAVE_UP, -1).length - 1;
    }
}
