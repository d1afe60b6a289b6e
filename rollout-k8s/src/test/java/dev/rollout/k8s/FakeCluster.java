package dev.rollout.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollout.api.MockClock;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.model.Revision;
import dev.rollout.k8s.cluster.KubernetesClusterTarget;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.fake.FakeKubeApiServer;
import dev.rollout.k8s.fake.RequestLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake API server seeded with the Deployment {@code shop/web} (4 replicas of
 * {@code registry.example/web:1}, all available) and Services selecting {@code app=web}, plus a
 * target on it. Tests drive time with {@link #settle()}.
 */
public final class FakeCluster implements AutoCloseable {
    public static final String NS = "shop";
    public static final WorkloadRef WEB = new WorkloadRef(NS, "web");
    public static final String STABLE_IMAGE = "registry.example/web:1";
    /** A Deployment never touched by rollout reports its image as its revision. */
    public static final Revision STABLE = new Revision(STABLE_IMAGE, Map.of("image", STABLE_IMAGE));
    public static final Revision CANARY =
            new Revision("v2", Map.of("image", "registry.example/web:2"));
    public static final List<String> SERVICES =
            List.of("web-stable", "web-canary", "web-active", "web-preview");

    public final MockClock clock = new MockClock();
    public final FakeKubeApiServer server;
    public final KubernetesConnection connection;
    public final KubernetesClusterTarget target;
    /** Every backoff the target asked for, in order; nothing really sleeps. */
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    public FakeCluster() {
        this("fake");
    }

    public FakeCluster(String name) {
        server = FakeKubeApiServer.start(clock);
        connection = KubernetesConnection.of(name, server.apiClient());
        target = KubernetesClusterTarget.builder(connection)
                .retryPolicy(RetryPolicy.builder().sleeper(sleeps::add).build()).build();
        server.create("apps/v1", "deployments", NS, """
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"web","namespace":"shop",
                   "labels":{"app":"web","app.kubernetes.io/instance":"shop-web"}},
                 "spec":{"replicas":4,"selector":{"matchLabels":{"app":"web"}},
                   "template":{"metadata":{"labels":{"app":"web"}},
                     "spec":{"containers":[{"name":"web","image":"registry.example/web:1"}]}}}}
                """);
        for (String service : SERVICES) {
            server.create("v1", "services", NS, """
                    {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s","namespace":"shop"},
                     "spec":{"selector":{"app":"web"},"ports":[{"port":80,"targetPort":8080}]}}
                    """.formatted(service));
        }
        settle();
        server.requests().reset();
    }

    /** Lets the simulated controllers converge. */
    public void settle() {
        server.tick(6);
    }

    /** A Deployment as stored. */
    public JsonNode deployment(String name) {
        return server.get("apps/v1", "deployments", NS, name).orElseThrow();
    }

    /** Whether a Deployment exists. */
    public boolean hasDeployment(String name) {
        return server.get("apps/v1", "deployments", NS, name).isPresent();
    }

    /** A Service as stored. */
    public JsonNode service(String name) {
        return server.get("v1", "services", NS, name).orElseThrow();
    }

    /** Creates an object directly in the store. */
    public ObjectNode seed(String apiVersion, String plural, String json) {
        return server.create(apiVersion, plural, NS, json);
    }

    /** Objects of a kind in the namespace carrying rollout's managed-by label. */
    public long managedObjects(String apiVersion, String plural) {
        return server.store().list(server.type(apiVersion, plural), NS).stream()
                .filter(o -> o.path("metadata").path("labels").has(RolloutLabels.MANAGED_BY))
                .count();
    }

    /** Every write request since the last reset. */
    public List<RequestLog.Entry> writes() {
        return server.requests().writes();
    }

    @Override
    public void close() {
        server.close();
    }
}
