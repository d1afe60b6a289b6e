package dev.rollout.k8s.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** client-java's informers (list, then watch from the list's resourceVersion) work against the fake. */
class FakeKubeApiServerInformerTest {
    private FakeKubeApiServer server;
    private SharedInformerFactory factory;

    @BeforeEach
    void start() {
        server = FakeKubeApiServer.start();
    }

    @AfterEach
    void stop() {
        if (factory != null) {
            factory.stopAllRegisteredInformers();
        }
        server.close();
    }

    @Test
    void informerSeesExistingObjectsThenControllerStatusUpdates() throws Exception {
        AppsV1Api apps = new AppsV1Api(server.apiClient());
        apps.createNamespacedDeployment("team", Deployments.web("web", "app:v1", 2)).execute();
        ApiClient watchClient = server.apiClient();
        watchClient.setReadTimeout(0);
        factory = new SharedInformerFactory(watchClient);
        SharedIndexInformer<V1Deployment> informer = factory.sharedIndexInformerFor(new GenericKubernetesApi<>(
                V1Deployment.class, V1DeploymentList.class, "apps", "v1", "deployments", watchClient),
                V1Deployment.class, 0);
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(V1Deployment obj) {
                events.add("add " + obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(V1Deployment oldObj, V1Deployment newObj) {
                if (newObj.getStatus() != null && newObj.getStatus().getReadyReplicas() != null) {
                    events.add("ready " + newObj.getStatus().getReadyReplicas());
                }
            }

            @Override
            public void onDelete(V1Deployment obj, boolean deletedFinalStateUnknown) {
                events.add("delete " + obj.getMetadata().getName());
            }
        });
        factory.startAllRegisteredInformers();

        assertThat(events.poll(20, TimeUnit.SECONDS)).isEqualTo("add web");
        server.tick();
        assertThat(events.poll(20, TimeUnit.SECONDS)).isEqualTo("ready 2");
        apps.deleteNamespacedDeployment("web", "team").execute();
        assertThat(events.poll(20, TimeUnit.SECONDS)).isEqualTo("delete web");
        assertThat(server.requests().matching("GET", "/apis/apps/v1/deployments"))
                .anySatisfy(e -> assertThat(e.queryParam("watch")).isEqualTo("true"));
        assertThat(server.openWatches()).isPositive();
    }
}
