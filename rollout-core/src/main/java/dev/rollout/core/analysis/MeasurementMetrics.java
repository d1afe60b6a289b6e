package dev.rollout.core.analysis;

import dev.rollout.api.analysis.Measurement;
import dev.rollout.api.event.RolloutEvent;
import dev.rollout.api.event.RolloutListener;
import dev.rollout.api.spi.RolloutMetrics;
import dev.rollout.core.analysis.AnalysisRunRequest;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports each completed measurement of one run to {@link RolloutMetrics#measured}, with the
 * type of the provider that took it, then passes the event on. The
 * {@link RolloutEvent.AnalysisMeasured} event already carries the phase and both instants; only
 * the provider type is known here alone, so the launcher wraps the run's listener rather than
 * the run reporting it.
 */
final class MeasurementMetrics implements RolloutListener {
    private static final Logger LOG = LoggerFactory.getLogger(MeasurementMetrics.class);
    private final RolloutListener next;
    private final RolloutMetrics metrics;
    private final Map<String, String> providerByMetric;

    private MeasurementMetrics(RolloutListener next, RolloutMetrics metrics,
            Map<String, String> providerByMetric) {
        this.next = next;
        this.metrics = metrics;
        this.providerByMetric = Map.copyOf(providerByMetric);
    }

    /**
     * The request with its listener wrapped, or the request itself when {@code metrics} is
     * {@link RolloutMetrics#NOOP}.
     *
     * @param providerByMetric the provider type measuring each metric of the run, by metric name
     */
    public static AnalysisRunRequest wrap(AnalysisRunRequest request, RolloutMetrics metrics,
            Map<String, String> providerByMetric) {
        if (metrics == RolloutMetrics.NOOP) {
            return request;
        }
        return new AnalysisRunRequest(request.rolloutId(), request.namespace(), request.revision(),
                request.runName(), request.analysis(), request.context(),
                new MeasurementMetrics(request.listener(), metrics, providerByMetric));
    }

    @Override
    public void onEvent(RolloutEvent event) {
        if (event instanceof RolloutEvent.AnalysisMeasured m) {
            Measurement measurement = m.measurement();
            Duration latency = measurement.finishedAt()
                    .map(end -> Duration.between(measurement.startedAt(), end))
                    .filter(d -> !d.isNegative())
                    .orElse(Duration.ZERO);
            try {
                metrics.measured(providerByMetric.getOrDefault(m.metricName(), "unknown"),
                        measurement.phase(), latency);
            } catch (RuntimeException e) {
                // A metrics library must never stop a rollout; the event still goes on.
                LOG.warn("rollout {} revision {}: metrics failed on a measurement of {}: {}",
                        m.rolloutId(), m.revision(), m.metricName(), e.toString());
            }
        }
        next.onEvent(event);
    }
}
