package dev.rollout.core.conductor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a service config, its chart and its rollout into a directory, for conductor tests. */
final class ServiceFixture {
    static final String ROLLOUT = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata: {name: checkout, namespace: shop}
            spec:
              replicas: 4
              selector: {matchLabels: {app: checkout}}
              template:
                metadata: {labels: {app: checkout}}
                spec:
                  containers: [{name: checkout, image: "registry.example.com/checkout:1"}]
              strategy:
                canary:
                  steps:
                    - setWeight: 25
                    - pause: {duration: 1m}
                    - analysis: {templates: [{templateName: success-rate}]}
                    - setWeight: 50
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: success-rate, namespace: shop}
            spec:
              args: [{name: service}, {name: cluster}, {name: region-threshold, value: "0.95"}]
              metrics:
                - name: success-rate
                  interval: 1m
                  count: 2
                  failureLimit: 0
                  successCondition: result >= 0.95
                  provider:
                    probe: {query: "success{service={{args.service}},cluster={{args.cluster}},min={{args.region-threshold}}}"}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata: {name: error-rate, namespace: shop}
            spec:
              args: [{name: service}, {name: environment}, {name: cluster}, {name: revision}]
              metrics:
                - name: error-rate
                  interval: 1m
                  count: 2
                  failureLimit: 0
                  successCondition: result < 0.05
                  provider:
                    probe: {query: "errors{env={{args.environment}},cluster={{args.cluster}},rev={{args.revision}}}"}
            """;

    static final String SERVICE = """
            apiVersion: rollout.dev/v1alpha1
            kind: Service
            metadata: {name: checkout}
            spec:
              chart: chart
              rollout: rollout.yaml
              source:
                static: {revisions: [v1, v2, v3, v4, v5]}
              environments:
                - name: staging
                  waves: [{clusters: [staging-eu]}]
                - name: production
                  after: staging
                  waves:
                    - clusters: [us-east]
                      gate: {soak: 10m, analysis: {templates: [{templateName: error-rate}]}}
                    - clusters: [eu-west, ap-south]
                      parallel: true
                  onFailure: %s
            """;

    private ServiceFixture() {
    }

    /** The default fixture: staging (1 cluster) and production (3 clusters in 2 waves). */
    static Path write(Path dir, String onFailure) {
        return write(dir, SERVICE.formatted(onFailure), ROLLOUT);
    }

    static Path write(Path dir, String service, String rollout) {
        try {
            Files.createDirectories(dir.resolve("chart"));
            Files.writeString(dir.resolve("rollout.yaml"), rollout);
            Files.writeString(dir.resolve("chart/values.yaml"), """
                    replicaCount: 4
                    image: {repository: registry.example.com/checkout}
                    """);
            Files.writeString(dir.resolve("chart/values-production.yaml"), "replicaCount: 6\n");
            Files.writeString(dir.resolve("chart/values-production-us-east.yaml"),
                    "replicaCount: 10\n");
            Files.writeString(dir.resolve("chart/values-production-ap-south.yaml"), """
                    replicaCount: 3
                    analysis: {args: {region-threshold: "0.9"}}
                    """);
            Path file = dir.resolve("service.yaml");
            Files.writeString(file, service);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
