package dev.rollout.datadog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.api.Secret;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Builds Datadog query requests; the keys travel only in the {@code DD-API-KEY} and {@code DD-APPLICATION-KEY} headers. */
final class Requests {
    private static final MediaType JSON = MediaType.get("application/json");

    private final HttpUrl base;
    private final Secret apiKey;
    private final Secret applicationKey;
    private final ObjectMapper mapper;

    /** Requests to {@code baseUrl} signed with the two keys. */
    public Requests(String baseUrl, Secret apiKey, Secret applicationKey, ObjectMapper mapper) {
        HttpUrl parsed = HttpUrl.parse(baseUrl);
        if (parsed == null) {
            throw new IllegalArgumentException("not an http(s) URL: '" + baseUrl + "'");
        }
        this.base = parsed;
        this.apiKey = apiKey;
        this.applicationKey = applicationKey;
        this.mapper = mapper;
    }

    /** {@code GET /api/v1/query?from=<s>&to=<s>&query=<q>}, times in seconds. */
    public Request v1(String query, long fromMillis, long toMillis) {
        HttpUrl url = base.newBuilder()
                .addPathSegments("api/v1/query")
                .addQueryParameter("from", Long.toString(Math.floorDiv(fromMillis, 1000)))
                .addQueryParameter("to", Long.toString(Math.floorDiv(toMillis, 1000)))
                .addQueryParameter("query", query)
                .build();
        return signed(new Request.Builder().url(url).get());
    }

    /** {@code POST /api/v2/query/scalar} with one formula over the named queries, times in milliseconds. */
    public Request v2(QuerySpec spec, long fromMillis, long toMillis) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("type", "scalar_request");
        ObjectNode attributes = data.putObject("attributes");
        attributes.put("from", fromMillis);
        attributes.put("to", toMillis);
        ArrayNode queries = attributes.putArray("queries");
        Map<String, String> named = spec.query() != null ? Map.of("query", spec.query()) : spec.queries();
        named.forEach((name, query) -> {
            ObjectNode one = queries.addObject();
            one.put("data_source", "metrics");
            one.put("name", name);
            one.put("query", query);
            one.put("aggregator", spec.aggregator());
        });
        String formula = spec.query() != null ? "query" : spec.formula();
        attributes.putArray("formulas").addObject().put("formula", formula);
        HttpUrl url = base.newBuilder().addPathSegments("api/v2/query/scalar").build();
        return signed(new Request.Builder().url(url).post(RequestBody.create(root.toString(), JSON)));
    }

    private Request signed(Request.Builder builder) {
        return builder
                .header("DD-API-KEY", apiKey.reveal())
                .header("DD-APPLICATION-KEY", applicationKey.reveal())
                .header("Accept", "application/json")
                .build();
    }
}
