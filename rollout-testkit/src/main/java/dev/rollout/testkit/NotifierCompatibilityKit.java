package dev.rollout.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.rollout.api.deploy.DeployNotification;
import dev.rollout.api.deploy.DeployNotification.ClusterChange;
import dev.rollout.api.deploy.DeployNotification.Kind;
import dev.rollout.api.model.Commit;
import dev.rollout.api.spi.Notifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Notifier} keeps, as tests a notifier's module inherits. JUnit creates a
 * new test instance per test; a subclass sets up, in its constructor, field initializers or a
 * {@code @BeforeEach}, a notifier posting to a backend it controls (a loopback webhook, a fake
 * chat API) that accepts every delivery until told otherwise.
 *
 * <p>Checks: each notification reaches the backend exactly once, naming its service, environment
 * and revision; notifications sent from several threads at once are all delivered; {@code notify}
 * never throws into the caller (a failing backend, a hung backend, a null notification) and
 * returns promptly; a delivery the notifier gives up on is reported once by the notifier itself.
 */
public abstract class NotifierCompatibilityKit {

    /** The notifier under test. */
    protected abstract Notifier notifier();

    /**
     * Lets deliveries happen (drives a virtual scheduler, waits for the backend in real time, at
     * most a few seconds) until the backend has received at least {@code count} deliveries and the
     * notifier has nothing left to do, then returns every delivery's text (a request body)
     * received so far, in arrival order.
     */
    protected abstract List<String> awaitReceived(int count) throws Exception;

    /** Makes the backend refuse every delivery from now on (an HTTP 500 or 403 every time). */
    protected abstract void failBackend();

    /** Makes the backend accept connections but never answer from now on. */
    protected abstract void hangBackend();

    /**
     * Lets the notifier retry and give up (drives its scheduler) on the deliveries the backend
     * refused, until it has nothing left to do (at most a few seconds); returns how many failures
     * it reported (log lines, a counter, events: however the notifier reports them).
     */
    protected abstract int awaitReportedFailures() throws Exception;

    /** A notification of {@code kind} for service {@code service}. */
    protected DeployNotification notification(Kind kind, String service) {
        return new DeployNotification(kind, service, "kit-production", "kit-rev-" + service, "kit-req-" + service,
                List.of(new ClusterChange("kit-east", "kit-rev-0", List.of(
                        new Commit("0123456789abcdef0123456789abcdef01234567", "0123456", "kit: a change", "kit")))),
                "kit message for " + service, Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** How long {@code notify} may take to return; generous, since it must not wait for I/O. */
    protected Duration promptness() {
        return Duration.ofSeconds(2);
    }

    private void notifyPromptly(DeployNotification notification) {
        long start = System.nanoTime();
        assertThatCode(() -> notifier().notify(notification)).as("notify(%s)", notification == null ? null
                : notification.kind()).doesNotThrowAnyException();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time notify took").isLessThan(promptness());
    }

    @Test
    void eachNotificationIsDeliveredExactlyOnceNamingWhatHappened() throws Exception {
        List<DeployNotification> sent = List.of(notification(Kind.STARTED, "kit-cart"),
                notification(Kind.FINISHED, "kit-shop"), notification(Kind.FAILED, "kit-pay"));
        sent.forEach(this::notifyPromptly);

        List<String> received = awaitReceived(sent.size());

        assertThat(received).as("deliveries once the notifier is done").hasSize(sent.size());
        for (DeployNotification notification : sent) {
            assertThat(received).as("deliveries of %s", notification.service()).filteredOn(text -> text.contains(
                    notification.service())).singleElement().asString()
                    .contains(notification.environment(), notification.revision());
        }
    }

    @Test
    void notificationsFromManyThreadsAreAllDelivered() throws Exception {
        int threads = 4;
        int each = 3;
        List<CompletableFuture<Void>> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            senders.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < each; i++) {
                    notifier().notify(notification(Kind.FINISHED, "kit-svc-" + thread + "-" + i));
                }
            }));
        }
        CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        List<String> received = awaitReceived(threads * each);

        assertThat(received).hasSize(threads * each);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < each; i++) {
                String service = "kit-svc-" + t + "-" + i;
                assertThat(received).as("deliveries of %s", service).filteredOn(text -> text.contains(service))
                        .hasSize(1);
            }
        }
    }

    @Test
    void aFailingBackendNeverThrowsIntoTheCallerAndIsReportedOnce() throws Exception {
        failBackend();

        notifyPromptly(notification(Kind.FAILED, "kit-refused"));

        assertThat(awaitReportedFailures()).as("failures reported for one refused notification").isEqualTo(1);
    }

    @Test
    void aHungBackendDoesNotHoldTheCaller() {
        hangBackend();

        notifyPromptly(notification(Kind.STARTED, "kit-hung-1"));
        notifyPromptly(notification(Kind.FINISHED, "kit-hung-2"));
    }

    @Test
    void aNullNotificationDoesNotThrow() {
        notifyPromptly(null);
    }
}
