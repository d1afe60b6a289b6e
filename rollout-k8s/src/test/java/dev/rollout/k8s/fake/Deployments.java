package dev.rollout.k8s.fake;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import java.util.List;
import java.util.Map;

/** Typed Deployment builders for the fake's own tests. */
final class Deployments {
    private Deployments() {
    }

    /** A Deployment {@code name} with label app=name, one container "app" with the image, port 8080 and one env var. */
    static V1Deployment web(String name, String image, int replicas) {
        return new V1Deployment().apiVersion("apps/v1").kind("Deployment")
                .metadata(new V1ObjectMeta().name(name).labels(Map.of("app", name)))
                .spec(new V1DeploymentSpec().replicas(replicas)
                        .selector(new V1LabelSelector().matchLabels(Map.of("app", name)))
                        .template(new V1PodTemplateSpec()
                                .metadata(new V1ObjectMeta().labels(Map.of("app", name)))
                                .spec(new V1PodSpec().containers(List.of(new V1Container().name("app").image(image)
                                        .ports(List.of(new V1ContainerPort().containerPort(8080)))
                                        .env(List.of(new V1EnvVar().name("MODE").value("prod"))))))));
    }
}
