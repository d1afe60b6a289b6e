package dev.rollout.core.analysis;

import java.util.Set;

/** The metric provider keys an AnalysisTemplate may use besides the registered providers' own. */
public final class ProviderKeys {
    /**
     * The provider keys Argo Rollouts knows; a metric must set exactly one provider key. Besides
     * these and the registered providers' keys, {@code judge} (the statistical judge, our
     * extension) is always known.
     */
    public static final Set<String> ARGO = Set.of("prometheus", "datadog", "web", "job",
            "newRelic", "wavefront", "kayenta", "cloudWatch", "graphite", "influxdb", "skywalking",
            "plugin");

    private ProviderKeys() {
    }
}
