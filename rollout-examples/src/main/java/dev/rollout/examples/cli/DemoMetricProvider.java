package dev.rollout.examples.cli;

import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.core.embedded.EmbeddedCluster;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's stand-in for a metrics backend: measures the error rate of whatever canary revision
 * runs on the embedded cluster. Revisions listed as faulty answer with a rising error rate, the
 * others with a healthy one, so analysis has something real to decide on.
 */
final class DemoMetricProvider implements MetricProvider {
    private static final double[] HEALTHY = {0.011, 0.009, 0.013, 0.010, 0.012};
    private static final double[] FAULTY = {0.018, 0.071, 0.093, 0.11};

    private final EmbeddedCluster cluster;
    private final WorkloadRef workload;
    private final java.util.Set<String> faulty;
    private final Map<String, AtomicInteger> measured = new ConcurrentHashMap<>();

    DemoMetricProvider(EmbeddedCluster cluster, WorkloadRef workload, java.util.Set<String> faulty) {
        this.cluster = cluster;
        this.workload = workload;
        this.faulty = java.util.Set.copyOf(faulty);
    }

    @Override
    public String type() {
        return "demo";
    }

    @Override
    public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
        WorkloadState state = cluster.observe(workload);
        String stable = state.stableRevision().orElse("");
        String canary = state.revisions().values().stream()
                .filter(r -> !r.revision().equals(stable) && r.available() > 0)
                .map(RevisionState::revision).findFirst().orElse(null);
        if (canary == null) {
            return CompletableFuture.completedFuture(new MetricValue.NoData("no canary pods serve"));
        }
        int n = measured.computeIfAbsent(canary, k -> new AtomicInteger()).getAndIncrement();
        double[] series = faulty.contains(canary) ? FAULTY : HEALTHY;
        return CompletableFuture.completedFuture(
                new MetricValue.Scalar(series[Math.min(n, series.length - 1)]));
    }
}
