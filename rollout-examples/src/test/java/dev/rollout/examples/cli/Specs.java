package dev.rollout.examples.cli;

/** YAML used by the command's tests. */
final class Specs {
    private Specs() {
    }

    static final String CANARY = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: checkout
            spec:
              replicas: 10
              strategy:
                canary:
                  steps:
                    - setWeight: 20
                    - pause: {duration: 1h}
                    - setWeight: 40
                    - analysis:
                        templates:
                          - templateName: success-rate
                    - setWeight: 80
                    - pause: {duration: 30s}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata:
              name: success-rate
            spec:
              metrics:
                - name: success-rate
                  interval: 1m
                  count: 3
                  failureLimit: 1
                  successCondition: result[0] >= 0.95
                  provider:
                    web:
                      url: http://127.0.0.1:1/never-called
                      jsonPath: "{$.data}"
            """;

    static final String CANARY_INDEFINITE_PAUSE = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: checkout
            spec:
              replicas: 4
              strategy:
                canary:
                  steps:
                    - setWeight: 25
                    - pause: {}
                    - setWeight: 50
            """;

    static final String BLUE_GREEN = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: storefront
            spec:
              replicas: 3
              strategy:
                blueGreen:
                  activeService: storefront-active
                  previewService: storefront-preview
                  scaleDownDelaySeconds: 30
                  prePromotionAnalysis:
                    templates:
                      - templateName: smoke
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: AnalysisTemplate
            metadata:
              name: smoke
            spec:
              metrics:
                - name: smoke
                  successCondition: result == true
                  provider:
                    web:
                      url: http://127.0.0.1:1/never-called
            """;

    static final String BLUE_GREEN_MANUAL = """
            apiVersion: argoproj.io/v1alpha1
            kind: Rollout
            metadata:
              name: storefront
            spec:
              replicas: 3
              strategy:
                blueGreen:
                  activeService: storefront-active
                  previewService: storefront-preview
                  autoPromotionEnabled: false
            """;

    static final String GOOD_METRICS = """
            metrics:
              success-rate:
                values: [[0.99], [0.97], [0.98]]
            """;

    static final String BAD_METRICS = """
            metrics:
              success-rate:
                values: [[0.99], [0.91], [0.90]]
            """;

    static final String GOOD_SMOKE = """
            metrics:
              smoke:
                values: [true]
            """;

    static final String BAD_SMOKE = """
            metrics:
              smoke:
                values: [false]
            """;
}
