/**
 * A Prometheus {@link dev.rollout.api.spi.MetricProvider}: Argo Rollouts' {@code prometheus:}
 * provider blocks measured with instant queries. Configure it with a
 * {@link dev.rollout.prometheus.PrometheusConfig} and register
 * {@link dev.rollout.prometheus.PrometheusMetricProvider} with the template parser and the
 * analysis launcher, as any provider.
 */
package dev.rollout.prometheus;
