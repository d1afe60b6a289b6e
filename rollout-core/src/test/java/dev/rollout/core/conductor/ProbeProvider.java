package dev.rollout.core.conductor;

import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.MetricProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A metric provider of type {@code probe} for conductor tests: answers a value per query
 * substring (first match wins, default 0.99 for success and 0.01 for errors) and records every
 * query it was asked, with the args the conductor substituted.
 */
final class ProbeProvider implements MetricProvider {
    private final Map<String, Double> answers = new ConcurrentHashMap<>();
    final List<String> queries = new CopyOnWriteArrayList<>();

    /** Queries containing {@code fragment} answer {@code value}. */
    ProbeProvider answer(String fragment, double value) {
        answers.put(fragment, value);
        return this;
    }

    @Override
    public String type() {
        return "probe";
    }

    @Override
    public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
        String query = String.valueOf(request.provider().get("query"));
        queries.add(query);
        for (Map.Entry<String, Double> e : answers.entrySet()) {
            if (query.contains(e.getKey())) {
                return CompletableFuture.completedFuture(new MetricValue.Scalar(e.getValue()));
            }
        }
        double fallback = query.startsWith("errors") ? 0.01 : 0.99;
        return CompletableFuture.completedFuture(new MetricValue.Scalar(fallback));
    }

    long count(String fragment) {
        return queries.stream().filter(q -> q.contains(fragment)).count();
    }
}
