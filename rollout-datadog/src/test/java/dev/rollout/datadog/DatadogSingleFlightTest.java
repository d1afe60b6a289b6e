package dev.rollout.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.api.analysis.MetricValue;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatadogSingleFlightTest extends DatadogTestBase {
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();
    private OkHttpClient http;

    @BeforeEach
    void holdRequests() {
        // Requests wait in an interceptor until released, so every caller joins while one is in flight.
        http = new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    sent.incrementAndGet();
                    try {
                        if (!release.await(10, TimeUnit.SECONDS)) {
                            throw new IOException("test never released the request");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                    return chain.proceed(chain.request());
                })
                .eventListener(new EventListener() {
                    @Override
                    public void canceled(Call call) {
                        cancelled.incrementAndGet();
                    }
                })
                .build();
        for (String service : List.of("checkout", "cart", "search")) {
            server.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo(query(service)))
                    .willReturn(okJson("{\"status\":\"ok\",\"series\":[{\"scope\":\"*\",\"interval\":60,\"pointlist\":[["
                            + (NOW.toEpochMilli() - 60_000) + "," + service.length() + "]]}]}")));
        }
    }

    @AfterEach
    void releaseRequests() {
        release.countDown();
        http.dispatcher().executorService().shutdown();
    }

    private static String query(String service) {
        return "sum:errors{service:" + service + "}";
    }

    private DatadogMetricProvider sharedProvider() {
        provider = DatadogMetricProvider.builder(config()).clock(clock).scheduler(scheduler).httpClient(http).build();
        return provider;
    }

    @Test
    void aThousandRolloutsAskingThreeQueriesMakeThreeRequests() throws Exception {
        DatadogMetricProvider shared = sharedProvider();
        List<CompletableFuture<MetricValue>> futures = new ArrayList<>();
        for (int rollout = 0; rollout < 1000; rollout++) {
            for (String service : List.of("checkout", "cart", "search")) {
                futures.add(shared.measure(request(Map.of("query", query(service)))));
            }
        }
        release.countDown();

        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(futures.get(0).join()).isEqualTo(new MetricValue.Scalar(8.0));
        assertThat(futures.get(2998).join()).isEqualTo(new MetricValue.Scalar(4.0));
        assertThat(sent.get()).isEqualTo(3);
        assertThat(shared.requestsStarted()).isEqualTo(3);
        server.verify(3, getRequestedFor(urlPathEqualTo("/api/v1/query")));
    }

    @Test
    void anAnswerIsReusedWithinTheAlignedSlotAndNotAfterIt() throws Exception {
        release.countDown();
        DatadogMetricProvider shared = sharedProvider();
        Map<String, Object> block = Map.of("query", query("cart"));

        shared.measure(request(block)).get(10, TimeUnit.SECONDS);
        clock.add(Duration.ofSeconds(9));
        shared.measure(request(block)).get(10, TimeUnit.SECONDS);
        assertThat(sent.get()).isEqualTo(1);

        clock.add(Duration.ofSeconds(1));
        shared.measure(request(block)).get(10, TimeUnit.SECONDS);
        assertThat(sent.get()).isEqualTo(2);
    }

    @Test
    void aMetricMeasuringMoreOftenThanTheAlignmentGetsAFreshWindowEachTime() throws Exception {
        release.countDown();
        DatadogMetricProvider shared = sharedProvider();
        Map<String, Object> block = Map.of("query", query("cart"));

        for (int i = 0; i < 3; i++) {
            shared.measure(request(block, java.util.Optional.of(Duration.ofSeconds(3)))).get(10, TimeUnit.SECONDS);
            clock.add(Duration.ofSeconds(3));
        }

        assertThat(sent.get()).isEqualTo(3);
    }

    @Test
    void failuresAreNotReused() throws Exception {
        release.countDown();
        props.put("datadog.maxRetries", "0");
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo("broken"))
                .willReturn(aResponse().withStatus(500)));
        DatadogMetricProvider shared = sharedProvider();

        failure(shared.measure(request(Map.of("query", "broken"))));
        failure(shared.measure(request(Map.of("query", "broken"))));

        assertThat(sent.get()).isEqualTo(2);
    }

    @Test
    void cancellingOneOfTwoWaitersLeavesTheRequestForTheOther() throws Exception {
        DatadogMetricProvider shared = sharedProvider();
        CompletableFuture<MetricValue> first = shared.measure(request(Map.of("query", query("cart"))));
        CompletableFuture<MetricValue> second = shared.measure(request(Map.of("query", query("cart"))));

        first.cancel(true);
        release.countDown();

        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(new MetricValue.Scalar(4.0));
        assertThat(cancelled.get()).isZero();
    }

    @Test
    void cancellingTheLastWaiterCancelsTheHttpCall() throws Exception {
        DatadogMetricProvider shared = sharedProvider();
        CompletableFuture<MetricValue> only = shared.measure(request(Map.of("query", query("search"))));
        CompletableFuture<MetricValue> other = shared.measure(request(Map.of("query", query("search"))));

        only.cancel(true);
        other.cancel(true);

        assertThat(cancelled.get()).isEqualTo(1);
        release.countDown();
        server.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/query")));
        // A new measurement of the same question after the cancellation starts a fresh request.
        assertThat(shared.measure(request(Map.of("query", query("search")))).get(10, TimeUnit.SECONDS))
                .isEqualTo(new MetricValue.Scalar(6.0));
    }

    @Test
    void cancellingDuringABackoffStopsTheRetry() throws Exception {
        release.countDown();
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo("flaky"))
                .willReturn(aResponse().withStatus(502)));
        DatadogMetricProvider shared = sharedProvider();

        CompletableFuture<MetricValue> future = shared.measure(request(Map.of("query", "flaky")));
        scheduler.awaitScheduled(1);
        future.cancel(true);
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(sent.get()).isEqualTo(1);
    }
}
