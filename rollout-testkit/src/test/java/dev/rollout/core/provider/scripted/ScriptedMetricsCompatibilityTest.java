package dev.rollout.core.provider.scripted;

import dev.rollout.api.spi.MetricProvider;
import dev.rollout.testkit.MetricProviderCompatibilityKit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The scripted provider keeps the provider contract; each case scripts its own metric. */
class ScriptedMetricsCompatibilityTest extends MetricProviderCompatibilityKit {
    private final Map<String, List<ScriptedValue>> scripts = new LinkedHashMap<>();
    private ScriptedMetrics metrics;
    private String current;

    private Map<String, Object> script(String name, ScriptedValue value) {
        scripts.put(name, List.of(value));
        metrics = ScriptedMetrics.of(scripts);
        current = name;
        return Map.of();
    }

    @Override
    protected dev.rollout.api.analysis.MeasurementRequest request(Map<String, Object> block) {
        dev.rollout.api.analysis.MeasurementRequest r = super.request(block);
        return new dev.rollout.api.analysis.MeasurementRequest(r.rolloutId(), r.runName(), current,
                r.provider(), r.at(), r.interval(), r.timeout(), r.secrets());
    }

    @Override
    protected MetricProvider provider() {
        return metrics.provider();
    }

    @Override
    protected Map<String, Object> scalar(double value) {
        return script("scalar", ScriptedValue.scalar(value));
    }

    @Override
    protected Map<String, Object> vector(List<Double> values) {
        return script("vector", ScriptedValue.vector(values));
    }

    @Override
    protected Map<String, Object> noData() {
        return script("none", ScriptedValue.noData());
    }

    @Override
    protected Map<String, Object> error() {
        return script("error", ScriptedValue.error("backend said " + MARKER.reveal()));
    }

    @Override
    protected Map<String, Object> hang() {
        return script("hang", new ScriptedValue.Hang());
    }
}
