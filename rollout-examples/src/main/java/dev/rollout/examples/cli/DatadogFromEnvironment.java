package dev.rollout.examples.cli;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.datadog.DatadogConfig;
import dev.rollout.datadog.DatadogMetricProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The CLI's Datadog provider, configured from {@code DD_API_KEY}, {@code DD_APP_KEY} and
 * {@code DD_ADDRESS}. Missing keys are not an error until a Datadog metric that the metrics file
 * does not script is measured: lint and fully scripted simulations need no Datadog account.
 */
final class DatadogFromEnvironment implements MetricProvider {
    private final MetricProvider configured;
    private final MetricProvider blockChecker;
    private final String unconfigured;

    DatadogFromEnvironment(Map<String, String> env) {
        MetricProvider provider = null;
        String problem = null;
        try {
            provider = DatadogMetricProvider.fromEnvironment(env);
        } catch (InvalidSpecException e) {
            problem = e.problems().stream().map(p -> p.field() + ": " + p.message())
                    .collect(Collectors.joining("; "));
        }
        this.configured = provider;
        this.unconfigured = problem;
        // Checking a provider block needs no key; a placeholder key never leaves this process.
        DatadogConfig placeholder = key -> key.endsWith("Key") ? "unused-for-validation" : null;
        this.blockChecker = provider != null ? provider : new DatadogMetricProvider(placeholder);
    }

    /** Whether the keys were found in the environment. */
    boolean configured() {
        return configured != null;
    }

    /** Why Datadog is not configured (the missing variables), or empty when it is. */
    String unconfiguredReason() {
        return unconfigured == null ? "" : unconfigured;
    }

    @Override
    public String type() {
        return DatadogMetricProvider.TYPE;
    }

    @Override
    public List<String> validate(Map<String, Object> provider) {
        return blockChecker.validate(provider);
    }

    @Override
    public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
        if (configured == null) {
            return CompletableFuture.failedFuture(new ProviderException(
                    "Datadog is not configured (" + unconfigured + "); set DD_API_KEY and DD_APP_KEY,"
                            + " or script metric \"" + request.metricName() + "\" with --metrics"));
        }
        return configured.measure(request);
    }
}
