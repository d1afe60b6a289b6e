package dev.rollout.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.ProviderException;
import dev.rollout.api.Secret;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Feeds marker keys through every path, failures included, and looks for them everywhere text goes. */
class DatadogKeyLeakTest extends DatadogTestBase {
    private static final String API_MARKER = "MARKER-API-7f3a9c1e";
    private static final String APP_MARKER = "MARKER-APP-1b2c8d4f";
    private static final String ARG_MARKER = "MARKER-ARG-55aa66bb";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final List<String> texts = new ArrayList<>();
    private PrintStream originalErr;

    @BeforeEach
    void captureLogs() {
        props.put("datadog.apiKey", API_MARKER);
        props.put("datadog.applicationKey", APP_MARKER);
        props.put("datadog.maxRetries", "1");
        props.put("datadog.windowAlignment", "0s");
        originalErr = System.err;
        // slf4j-simple is configured to look System.err up at every write (simplelogger.properties).
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLogs() {
        System.setErr(originalErr);
    }

    private void failThrough(Map<String, Object> block, MeasurementRequest request, String expected) throws Exception {
        CompletableFuture<MetricValue> future = provider().measure(request);
        scheduler.runUntilDone(future, Duration.ofMinutes(1));
        Throwable thrown = catchThrowable(() -> future.get(10, TimeUnit.SECONDS));
        assertThat(thrown).as("measurement of %s", block).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ProviderException.class);
        assertThat(thrown.getCause().getMessage()).contains(expected);
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        texts.add(trace.toString());
    }

    private MeasurementRequest requestWithArgSecret(Map<String, Object> block) {
        return new MeasurementRequest("default/checkout", "run", "error-rate", block, clock.instant(),
                Optional.empty(), Duration.ofSeconds(30), List.of(Secret.of(ARG_MARKER)));
    }

    @Test
    void keysAppearOnlyInHeadersWhateverHappens() throws Exception {
        String echo = "{\"errors\":[\"bad key " + API_MARKER + " / " + APP_MARKER + " / " + ARG_MARKER + "\"]}";
        List<Map.Entry<String, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder>> cases = List.of(
                Map.entry("q401", aResponse().withStatus(401).withBody(echo)),
                Map.entry("q403", aResponse().withStatus(403).withBody(echo)),
                Map.entry("q400", aResponse().withStatus(400).withBody(echo)),
                Map.entry("q500", aResponse().withStatus(500).withBody(echo)),
                Map.entry("q429", aResponse().withStatus(429).withHeader("X-RateLimit-Reset", "1").withBody(echo)),
                Map.entry("q200error", okJson("{\"status\":\"error\",\"error\":\"" + API_MARKER + "\"}")),
                Map.entry("qmalformed", okJson("{\"series\": [" + API_MARKER + APP_MARKER)),
                Map.entry("qtimeout", okJson("{}").withFixedDelay(1_500)),
                Map.entry("qreset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
                Map.entry("qgarbage", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        for (var c : cases) {
            server.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo(c.getKey() + " " + ARG_MARKER))
                    .willReturn(c.getValue()));
        }
        server.stubFor(post(urlPathEqualTo("/api/v2/query/scalar")).willReturn(aResponse().withStatus(403).withBody(echo)));

        Map<String, String> expected = Map.of("q401", "HTTP 401", "q403", "HTTP 403", "q400", "HTTP 400",
                "q500", "HTTP 500", "q429", "HTTP 429", "q200error", "reported an error", "qmalformed", "malformed JSON",
                "qtimeout", "timed out", "qreset", "I/O error", "qgarbage", "I/O error");
        // A first request warms the connection, so only the timeout case can time out.
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo("warm"))
                .willReturn(okJson("{\"series\":[]}")));
        CompletableFuture<MetricValue> warm = provider().measure(request(Map.of("query", "warm")));
        scheduler.runUntilDone(warm, Duration.ofMinutes(1));
        assertThat(warm.get(10, TimeUnit.SECONDS)).isInstanceOf(MetricValue.NoData.class);
        for (var c : cases) {
            if (c.getKey().equals("qtimeout")) {
                // Only this case gets a short read timeout, so a slow machine cannot turn others into timeouts.
                provider.close();
                props.put("datadog.readTimeout", "300ms");
                provider = null;
            }
            Map<String, Object> block = Map.of("query", c.getKey() + " " + ARG_MARKER);
            failThrough(block, requestWithArgSecret(block), expected.get(c.getKey()));
            if (c.getKey().equals("qtimeout")) {
                provider.close();
                props.remove("datadog.readTimeout");
                provider = null;
            }
        }
        Map<String, Object> v2 = Map.of("apiVersion", "v2", "query", "v2 " + ARG_MARKER);
        failThrough(v2, requestWithArgSecret(v2), "HTTP 403");
        Map<String, Object> invalid = Map.of("apiVersion", "v9", "query", ARG_MARKER);
        failThrough(invalid, requestWithArgSecret(invalid), "apiVersion");
        texts.add(provider().toString());
        texts.add(DatadogConfig.fromEnvironment(Map.of("DD_API_KEY", API_MARKER, "DD_APP_KEY", APP_MARKER)).toString());
        texts.add(DatadogConfig.fromEnvironment(Map.of("DD_API_KEY", API_MARKER)).apiKey().toString());
        texts.add(catchThrowable(() -> DatadogMetricProvider.fromEnvironment(
                Map.of("DD_API_KEY", API_MARKER, "DD_ADDRESS", "not a url"))).getMessage());
        texts.add(captured.toString(StandardCharsets.UTF_8));

        assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain(API_MARKER, APP_MARKER, ARG_MARKER));
        assertThat(texts.get(texts.size() - 1)).as("the log was captured").contains("retry");
        List<LoggedRequest> requests = server.findAll(getRequestedFor(urlPathEqualTo("/api/v1/query")));
        assertThat(requests).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getUrl()).doesNotContain(API_MARKER, APP_MARKER);
            assertThat(r.getHeader("DD-API-KEY")).isEqualTo(API_MARKER);
            assertThat(r.getHeader("DD-APPLICATION-KEY")).isEqualTo(APP_MARKER);
        });
    }

    @Test
    void anInvalidConfigurationNamesTheKeysWithoutTheirValues() {
        props.put("datadog.site", "has a space");
        props.remove("datadog.applicationKey");

        InvalidSpecException e = (InvalidSpecException) catchThrowable(() -> provider());

        assertThat(e.getMessage()).contains("datadog.applicationKey", "datadog.site").doesNotContain(API_MARKER);
    }
}
