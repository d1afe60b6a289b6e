package dev.rollout.api.spi;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.event.RolloutListener;
import java.time.Duration;

/**
 * Where the engine, the analysis launcher, the conductor and the metric providers report what
 * they count and time, for a metrics library to record (rollout-micrometer implements it over a
 * {@code MeterRegistry}). Everything the rollout events already tell (phases, steps, analysis
 * runs) comes through {@link #rolloutListener()}; the methods here carry what no event does.
 * Every method defaults to doing nothing, and {@link #NOOP} is what every builder uses unless
 * told otherwise, so without a metrics module nothing is recorded and nothing is loaded.
 * Implementations must be thread-safe, return fast and never throw.
 */
public interface RolloutMetrics {
    /** Records nothing: the default of every builder. */
    RolloutMetrics NOOP = new RolloutMetrics() {
        @Override
        public String toString() {
            return "RolloutMetrics.NOOP";
        }
    };

    /**
     * A listener for the events of one engine; called once per engine built, so state an
     * implementation keeps per rollout id (step start times) never mixes two clusters that run
     * the same rollout. Default: a listener that ignores every event.
     */
    default RolloutListener rolloutListener() {
        return event -> { };
    }

    /**
     * A measurement completed.
     *
     * @param provider the provider type that measured it ({@code web}, {@code datadog},
     *     {@code scripted}, ...)
     * @param phase Successful, Failed, Inconclusive or Error
     * @param latency from the start of the measurement to its outcome, on the engine's clock
     */
    default void measured(String provider, AnalysisPhase phase, Duration latency) {
    }

    /**
     * A metric provider got an HTTP answer (every attempt, retries included).
     *
     * @param provider the provider type
     * @param status the HTTP status code, or 0 when no answer came (an I/O error or a timeout)
     * @param latency from sending the request to its answer or failure
     */
    default void providerRequest(String provider, int status, Duration latency) {
    }

    /**
     * The number of deploy requests waiting in an environment's queue changed.
     *
     * @param service the service
     * @param environment the environment
     * @param waiting requests queued behind the deploy in flight
     */
    default void deployQueue(String service, String environment, int waiting) {
    }

    /**
     * The conductor refused a deploy request, or a newer one superseded it before it ran.
     *
     * @param service the service
     * @param environment the environment
     * @param reason a short, bounded reason code ({@code older_than_deployed},
     *     {@code not_newer_than_deploying}, {@code superseded}, {@code environment_not_reached})
     */
    default void deployRefused(String service, String environment, String reason) {
    }
}
