package dev.rollout.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.datadog.PointSelection;
import dev.rollout.http.Exchange;
import dev.rollout.http.JsonBodies;
import java.util.Optional;

/** Turns Datadog's final answer into a value, or into a {@link ProviderException} that says why. */
final class Answers {
    private final ObjectMapper mapper;
    private final PointSelection selection;
    private final long ingestionDelayMillis;

    /**
     * Reads bodies with {@code mapper} and picks v1 points with {@code selection}; a bucket is
     * complete when it ended {@code ingestionDelayMillis} before the window end.
     */
    public Answers(ObjectMapper mapper, PointSelection selection, long ingestionDelayMillis) {
        this.mapper = mapper;
        this.selection = selection;
        this.ingestionDelayMillis = ingestionDelayMillis;
    }

    /**
     * The value of an answer.
     *
     * @throws ProviderException with the reason (never a key: the caller redacts)
     */
    public MetricValue interpret(Exchange.Answer answer, QuerySpec spec, long toMillis) {
        JsonNode json = JsonBodies.object(mapper, answer.body());
        int code = answer.code();
        if (code >= 200 && code < 300) {
            if (json == null) {
                throw new ProviderException("Datadog answered HTTP " + code + " with malformed JSON: "
                        + ErrorText.describe(answer.body(), null));
            }
            Optional<String> error = ErrorText.find(json);
            if (error.isPresent()) {
                throw new ProviderException("Datadog reported an error with HTTP " + code + ": " + error.get());
            }
            return spec.isV2() ? ResponseReader.readV2(json, spec.queries().keySet())
                    : spec.allPoints() ? ResponseReader.readV1Series(json, toMillis - ingestionDelayMillis, selection)
                    : ResponseReader.readV1(json, toMillis - ingestionDelayMillis, selection);
        }
        String detail = ErrorText.describe(answer.body(), json);
        String after = answer.attempts() > 1 ? " after " + answer.attempts() + " attempts" : "";
        throw new ProviderException(switch (code) {
            case 400 -> "Datadog rejected the query (HTTP 400): " + detail;
            case 401 -> "Datadog refused the API key (HTTP 401 Unauthorized); check datadog.apiKey or DD_API_KEY";
            case 403 -> "Datadog denied access (HTTP 403 Forbidden); check datadog.applicationKey or DD_APP_KEY"
                    + " and its timeseries_query permission: " + detail;
            case 429 -> "rate limited by Datadog (HTTP 429)" + after
                    + answer.hintSeconds().stream().mapToObj(s -> "; the limit resets in " + s + "s")
                            .findFirst().orElse("");
            default -> "Datadog answered HTTP " + code + after + ": " + detail;
        });
    }

}
