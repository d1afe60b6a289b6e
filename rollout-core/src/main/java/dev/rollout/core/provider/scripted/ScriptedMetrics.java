package dev.rollout.core.provider.scripted;

import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.MetricProvider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scripted metric values for tests and {@code rollout simulate --metrics FILE}: per metric name, one
 * value per measurement in order, the last one repeating. Scripted metrics take precedence over
 * their real provider; unscripted ones go to their real provider. The position in a script is kept
 * per rollout and metric, so a rollout's successive analysis runs continue the same timeline.
 * Thread-safe.
 */
public final class ScriptedMetrics {
    private final Map<String, List<ScriptedValue>> scripts;
    private final Map<String, AtomicInteger> positions = new ConcurrentHashMap<>();
    private final MetricProvider provider = new Provider();

    private ScriptedMetrics(Map<String, List<ScriptedValue>> scripts) {
        Map<String, List<ScriptedValue>> copy = new LinkedHashMap<>();
        scripts.forEach((name, values) -> {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("metric " + name + ": script must not be empty");
            }
            copy.put(name, List.copyOf(values));
        });
        this.scripts = java.util.Collections.unmodifiableMap(copy);
    }

    /** Scripts by metric name; every list must hold at least one value. */
    public static ScriptedMetrics of(Map<String, List<ScriptedValue>> scripts) {
        return new ScriptedMetrics(Objects.requireNonNull(scripts, "scripts"));
    }

    /**
     * Loads a scripted metrics file ({@code metrics: {<name>: {values: [...]}}}, see the package
     * documentation of the format).
     *
     * @throws dev.rollout.api.InvalidSpecException naming the file, line and field of every problem
     */
    public static ScriptedMetrics load(java.nio.file.Path file) {
        return ScriptedMetricsFile.load(file);
    }

    /** Parses scripted metrics from {@code content}, naming it {@code displayName} in problems. */
    public static ScriptedMetrics parse(String displayName, String content) {
        return ScriptedMetricsFile.parse(displayName, content);
    }

    /** Whether {@code metricName} is scripted. */
    public boolean scripts(String metricName) {
        return scripts.containsKey(metricName);
    }

    /** The scripted metric names, in file order. */
    public Set<String> metricNames() {
        return scripts.keySet();
    }

    /** The script of {@code metricName}, empty when it is not scripted. */
    public List<ScriptedValue> script(String metricName) {
        return scripts.getOrDefault(metricName, List.of());
    }

    /** The provider that answers scripted metrics (type {@code scripted}). */
    public MetricProvider provider() {
        return provider;
    }

    private ScriptedValue next(MeasurementRequest request) {
        List<ScriptedValue> script = scripts.get(request.metricName());
        if (script == null) {
            return null;
        }
        int i = positions.computeIfAbsent(request.rolloutId() + "\u0000" + request.metricName(),
                k -> new AtomicInteger()).getAndIncrement();
        return script.get(Math.min(i, script.size() - 1));
    }

    private final class Provider implements MetricProvider {
        @Override
        public String type() {
            return "scripted";
        }

        @Override
        public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
            ScriptedValue value = next(request);
            if (value == null) {
                return CompletableFuture.failedFuture(new ProviderException("metric \""
                        + request.metricName() + "\" is not scripted"));
            }
            if (value instanceof ScriptedValue.Answer a) {
                return CompletableFuture.completedFuture(a.value());
            }
            if (value instanceof ScriptedValue.Failure f) {
                return CompletableFuture.failedFuture(new ProviderException(request.redact(f.message())));
            }
            return new CompletableFuture<>();
        }

        @Override
        public String toString() {
            return "ScriptedMetrics" + scripts.keySet();
        }
    }
}
