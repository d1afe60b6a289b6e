package dev.rollout.http.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.analysis.AnalysisTemplate;
import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.spec.SpecLoader;
import dev.rollout.core.testkit.AnalysisDriver;
import dev.rollout.core.testkit.SecretScan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The fault matrix every HTTP provider passes: what any server (or a proxy in its place) can
 * answer — error statuses, redirects to another host, timeouts, a slow drip, broken connections,
 * bodies over the limit — run against every metric shape of the provider as a real analysis.
 * None may end Successful, so none would promote a canary, and no request reaches the other host.
 * A provider's test adds its own API's faults (its rate-limit headers, its error bodies).
 *
 * @param <S> the provider's metric shape
 */
public final class FaultMatrix<S> {
    /** A fault: what the endpoint answers, whether it needs the short call timeout, the error it must cause. */
    public record FaultKind<S>(String name, boolean slow, String expected,
            Function<S, ResponseDefinitionBuilder> answer) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final String provider;
    private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final WireMockServer elsewhere = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    private final AtomicInteger cases = new AtomicInteger();
    private final AtomicInteger promoted = new AtomicInteger();

    /** A matrix for {@code provider} (its name in the summary line); call {@link #start()} before use. */
    public FaultMatrix(String provider) {
        this.provider = provider;
    }

    /** Starts the provider's server and the other host a redirect points to. */
    public void start() {
        server.start();
        elsewhere.start();
    }

    /** The server standing in for the provider's API. */
    public WireMockServer server() {
        return server;
    }

    /** The host redirects point to; it must never be asked. */
    public WireMockServer elsewhere() {
        return elsewhere;
    }

    /** Every fault times every shape, as JUnit arguments {@code (fault, shape)}. */
    public static <S> Stream<Arguments> cases(List<FaultKind<S>> faults, List<S> shapes) {
        return faults.stream().flatMap(f -> shapes.stream().map(s -> Arguments.of(f, s)));
    }

    /**
     * The provider settings of the matrix under {@code prefix}: one quick retry, no window alignment,
     * a 1 MB body limit, and a short call timeout for the {@code slow} (timeout) faults only.
     */
    public static Map<String, String> settings(String prefix, boolean slow, String rateLimitMaxWait) {
        Map<String, String> props = new HashMap<>();
        props.put(prefix + ".maxRetries", "1");
        props.put(prefix + ".retryBackoff", "10ms");
        props.put(prefix + ".retryBackoffMax", "20ms");
        props.put(prefix + ".rateLimitMaxWait", rateLimitMaxWait);
        props.put(prefix + ".windowAlignment", "0s");
        props.put(prefix + ".maxResponseMegabytes", "1");
        props.put(prefix + ".callTimeout", slow ? "300ms" : "20s");
        return props;
    }

    /** The shapes' analysis templates in {@code yaml}, validated by {@code provider} registered as {@code name}. */
    public static TemplateRegistry templates(String yaml, String name, MetricProvider provider) {
        return TemplateRegistry.of(AnalysisTemplateParser.registerOn(SpecLoader.create(), Map.of(name, provider))
                .loadString("shapes.yaml", yaml).objects(AnalysisTemplate.class));
    }

    /** Checks that no secret reached the outcome's status, its events or the provider's text. */
    public static AnalysisDriver.Outcome scanned(SecretScan scan, AnalysisDriver.Outcome outcome, Object provider) {
        scan.check(outcome.status());
        outcome.events().forEach(scan::check);
        scan.check(provider);
        return outcome;
    }

    /**
     * Forgets the stubs and requests of the last case on the provider's server; the other host
     * keeps counting, so the summary sees any request that ever reached it.
     */
    public void reset() {
        server.resetAll();
    }

    /** An answer with {@code code} and {@code body}. */
    public static ResponseDefinitionBuilder status(int code, String body) {
        return aResponse().withStatus(code).withBody(body);
    }

    /** A redirect with {@code code} to {@code path} on the other host. */
    public FaultKind<S> redirect(int code, Function<S, String> path) {
        return new FaultKind<>("redirect " + code + " to another host", false, "redirecting to another host",
                s -> aResponse().withStatus(code).withHeader("Location", "http://localhost:" + elsewhere.port()
                        + path.apply(s)));
    }

    /** Server errors every HTTP API can answer; {@code echo} is an error body that quotes the credentials. */
    public List<FaultKind<S>> serverErrors(String echo) {
        return List.of(
                new FaultKind<>("HTTP 500", false, "HTTP 500", s -> status(500, echo)),
                new FaultKind<>("HTTP 502", false, "HTTP 502", s -> status(502, "<html>bad gateway</html>")),
                new FaultKind<>("HTTP 503 with Retry-After", false, "HTTP 503",
                        s -> status(503, "").withHeader("Retry-After", "1")),
                new FaultKind<>("HTTP 504", false, "HTTP 504", s -> status(504, "")));
    }

    /** Client errors every HTTP API can answer. */
    public List<FaultKind<S>> clientErrors(String echo) {
        return List.of(
                new FaultKind<>("HTTP 400", false, "HTTP 400", s -> status(400, echo)),
                new FaultKind<>("HTTP 401", false, "HTTP 401", s -> status(401, echo)),
                new FaultKind<>("HTTP 403", false, "HTTP 403", s -> status(403, echo)),
                new FaultKind<>("HTTP 404", false, "HTTP 404", s -> status(404, "")));
    }

    /**
     * Timeouts (with the short 300 ms call timeout), bodies that are not JSON, and broken connections;
     * {@code healthyBody} is a good answer for a shape, {@code malformed} a JSON body cut short.
     */
    public List<FaultKind<S>> transportFaults(Function<S, String> healthyBody, String malformed) {
        return List.of(
                new FaultKind<>("timeout", true, "timed out", s -> okJson(healthyBody.apply(s)).withFixedDelay(2_000)),
                new FaultKind<>("slow drip", true, "timed out (call timeout 300ms)",
                        s -> okJson(healthyBody.apply(s) + " ".repeat(60)).withChunkedDribbleDelay(60, 6_000)),
                new FaultKind<>("malformed JSON", false, "malformed JSON", s -> okJson(malformed)),
                new FaultKind<>("HTML login page", false, "malformed JSON", s -> okJson("<html>sign in</html>")),
                new FaultKind<>("empty body", false, "malformed JSON", s -> okJson("")));
    }

    /** Redirects of every kind, broken connections and a body over 1 MB ({@code big}). */
    public List<FaultKind<S>> connectionFaults(Function<S, String> path, String big) {
        return List.of(redirect(301, path), redirect(302, path), redirect(307, path), redirect(308, path),
                new FaultKind<>("connection reset", false, "I/O error",
                        s -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
                new FaultKind<>("empty response", false, "I/O error", s -> aResponse().withFault(Fault.EMPTY_RESPONSE)),
                new FaultKind<>("garbage", false, "I/O error", s -> aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)),
                new FaultKind<>("body over 1 MB", false, "response body larger than 1 MB", s -> okJson(big)));
    }

    /**
     * Checks one case: the analysis did not end Successful, a measurement names the expected error,
     * and no request went to the other host. Returns the requests the provider's server saw, for
     * the provider's own checks of what they carried.
     */
    public List<com.github.tomakehurst.wiremock.verification.LoggedRequest> check(FaultKind<S> fault,
            AnalysisRunStatus status) {
        cases.incrementAndGet();
        if (status.phase() == AnalysisPhase.Successful) {
            promoted.incrementAndGet();
        }
        assertThat(status.phase()).as(status.message())
                .isIn(AnalysisPhase.Failed, AnalysisPhase.Error, AnalysisPhase.Inconclusive);
        if (fault.expected() != null) {
            assertThat(status.metrics().get(0).measurements()).extracting(Measurement::message)
                    .anySatisfy(m -> assertThat(m).contains(fault.expected()));
        }
        // Counted, not listed: a failure must not print the headers it is about.
        assertThat(elsewhere.findAll(anyRequestedFor(anyUrl())).size()).as("requests to the other host").isZero();
        return server.findAll(anyRequestedFor(anyUrl()));
    }

    /** Stops the servers and checks that every one of {@code expectedCases} ran and none promoted. */
    public void stop(int expectedCases) {
        server.stop();
        elsewhere.stop();
        System.out.println(provider + " provider fault matrix: " + cases.get() + " cases, " + promoted.get()
                + " promoted, " + elsewhere.getAllServeEvents().size() + " requests to the other host");
        assertThat(cases.get()).isEqualTo(expectedCases);
        assertThat(promoted.get()).isZero();
    }
}
