package dev.rollout.k8s.cluster;

import static dev.rollout.k8s.FakeCluster.CANARY;
import static dev.rollout.k8s.FakeCluster.STABLE;
import static dev.rollout.k8s.FakeCluster.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.TargetException;
import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.Revision;
import dev.rollout.k8s.FakeCluster;
import dev.rollout.k8s.RolloutLabels;
import dev.rollout.k8s.fake.PodBehaviour;
import dev.rollout.k8s.fake.RequestLog;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KubernetesClusterTargetTest {
    private final FakeCluster cluster = new FakeCluster();
    private final KubernetesClusterTarget target = cluster.target;

    @AfterEach
    void close() {
        cluster.close();
    }

    private RevisionState state(String revision) {
        return target.observe(WEB).revision(revision).orElseThrow();
    }

    @Test
    void anUntouchedDeploymentReportsItsImageAsTheStableRevision() {
        WorkloadState state = target.observe(WEB);

        assertThat(state.stableRevision()).contains(STABLE.id());
        assertThat(state.revision(STABLE.id()).orElseThrow())
                .satisfies(s -> assertThat(s.desired()).isEqualTo(4))
                .satisfies(s -> assertThat(s.fullyAvailable()).isTrue());
        assertThat(state.canaryWeight()).isZero();
        assertThat(cluster.writes()).isEmpty();
    }

    @Test
    void aMissingDeploymentIsReportedEmptyAndCannotBeScaled() {
        var missing = new dev.rollout.api.cluster.WorkloadRef("shop", "nope");

        assertThat(target.observe(missing).stableRevision()).isEmpty();
        assertThatThrownBy(() -> target.scale(missing, CANARY, 1))
                .isInstanceOf(TargetException.class).hasMessageContaining("shop/nope not found");
    }

    @Test
    void basicCanaryRunsTheRevisionBesideTheUsersDeploymentAndOwnedByIt() {
        target.scale(WEB, CANARY, 1);
        target.scale(WEB, STABLE, 3);
        cluster.settle();

        String name = "web-v2";
        JsonNode canary = cluster.deployment(name);
        assertThat(canary.path("metadata").path("labels").path(RolloutLabels.REVISION).asText())
                .isEqualTo("v2");
        assertThat(canary.path("metadata").path("labels").path(RolloutLabels.MANAGED_BY).asText())
                .isEqualTo("rollout");
        assertThat(canary.path("metadata").path("labels").has("app.kubernetes.io/instance"))
                .as("GitOps tracking labels are not copied").isFalse();
        assertThat(canary.path("metadata").path("ownerReferences").get(0).path("uid").asText())
                .isEqualTo(cluster.deployment("web").path("metadata").path("uid").asText());
        assertThat(canary.path("spec").path("template").path("spec").path("containers").get(0)
                .path("image").asText()).isEqualTo("registry.example/web:2");
        assertThat(canary.path("spec").path("template").path("metadata").path("labels")
                .path("app").asText()).as("the user's Service still selects canary pods")
                .isEqualTo("web");
        assertThat(state(CANARY.id()).fullyAvailable()).isTrue();
        assertThat(state(STABLE.id()).desired()).isEqualTo(3);
        assertThat(cluster.deployment("web").path("spec").path("template").toString())
                .as("the user's template is untouched during the canary")
                .doesNotContain("registry.example/web:2");
    }

    @Test
    void repeatingEveryOperationWritesNothingMore() {
        target.scale(WEB, CANARY, 2);
        target.scale(WEB, STABLE, 2);
        target.pointService(WEB, "web-preview", CANARY.id());
        cluster.settle();
        int writes = cluster.writes().size();

        target.scale(WEB, CANARY, 2);
        target.scale(WEB, STABLE, 2);
        target.pointService(WEB, "web-preview", CANARY.id());

        assertThat(cluster.writes()).hasSize(writes);
    }

    @Test
    void patchesUseMergeOrJsonPatchContentTypesNeverPlainJson() {
        target.scale(WEB, CANARY, 1);
        target.scale(WEB, CANARY, 2);
        target.pointService(WEB, "web-preview", CANARY.id());
        target.pointService(WEB, "web-active", STABLE.id());
        target.markStable(WEB, CANARY);

        assertThat(cluster.server.requests().matching("PATCH", ".*"))
                .isNotEmpty()
                .extracting(RequestLog.Entry::contentType)
                .allMatch(type -> type.startsWith("application/merge-patch+json")
                        || type.startsWith("application/json-patch+json"));
        assertThat(cluster.server.requests().all()).allMatch(e -> e.status() != 415);
    }

    @Test
    void markStableWritesTheTemplateIntoTheUsersDeploymentAndTheHandoverRemovesOurs() {
        target.scale(WEB, CANARY, 4);
        target.scale(WEB, STABLE, 0);
        cluster.settle();

        target.markStable(WEB, CANARY);
        target.markStable(WEB, CANARY);
        assertThat(cluster.deployment("web").path("spec").path("replicas").asInt())
                .as("the user's Deployment is raised to carry the whole load").isEqualTo(4);
        assertThat(cluster.hasDeployment("web-v2"))
                .as("ours keeps serving until the user's has rolled out").isTrue();
        cluster.settle();
        assertThat(target.observe(WEB).stableRevision()).contains("v2");
        assertThat(state("v2").fullyAvailable()).isTrue();
        // the engine removes the old stable revision after its scale-down delay
        target.remove(WEB, STABLE.id());
        cluster.settle();

        JsonNode user = cluster.deployment("web");
        JsonNode template = user.path("spec").path("template");
        assertThat(template.path("spec").path("containers").get(0).path("image").asText())
                .isEqualTo("registry.example/web:2");
        assertThat(template.path("metadata").path("labels").path(RolloutLabels.REVISION).asText())
                .isEqualTo("v2");
        assertThat(cluster.hasDeployment("web-v2")).isFalse();
        assertThat(cluster.managedObjects("apps/v1", "deployments")).isZero();
        assertThat(cluster.server.store().list(cluster.server.type("apps/v1", "replicasets"),
                FakeCluster.NS)).allMatch(rs -> rs.path("metadata").path("ownerReferences")
                        .get(0).path("name").asText().equals("web"));
        WorkloadState state = target.observe(WEB);
        assertThat(state.revisions()).containsOnlyKeys("v2");
        assertThat(state.revision("v2").orElseThrow().fullyAvailable()).isTrue();
    }

    @Test
    void theHandoverWaitsUntilTheUsersDeploymentHasRolledOut() {
        cluster.server.deployments().whenLabel(RolloutLabels.REVISION, "v2",
                PodBehaviour.readyAfter(4));
        target.scale(WEB, CANARY, 4);
        cluster.settle();

        target.markStable(WEB, CANARY);
        target.remove(WEB, STABLE.id());
        assertThat(cluster.hasDeployment("web-v2")).isTrue();
        assertThat(state("v2").fullyAvailable()).as("judged on the user's Deployment").isFalse();

        cluster.settle();
        target.markStable(WEB, CANARY);
        assertThat(cluster.hasDeployment("web-v2")).isFalse();
    }

    @Test
    void abortInTheMiddleLeavesNothingBehind() {
        target.scale(WEB, CANARY, 2);
        target.scale(WEB, STABLE, 3);
        cluster.settle();

        target.scale(WEB, STABLE, 4);
        target.scale(WEB, CANARY, 0);
        assertThat(cluster.hasDeployment("web-v2")).as("no pods is no Deployment").isFalse();
        target.remove(WEB, CANARY.id());
        cluster.settle();

        assertThat(cluster.managedObjects("apps/v1", "deployments")).isZero();
        assertThat(cluster.server.store().list(cluster.server.type("v1", "pods"), FakeCluster.NS))
                .allMatch(p -> !p.path("metadata").path("labels").has(RolloutLabels.MANAGED_BY));
        WorkloadState state = target.observe(WEB);
        assertThat(state.revisions()).containsOnlyKeys(STABLE.id());
        assertThat(state.revision(STABLE.id()).orElseThrow().fullyAvailable()).isTrue();
        assertThat(cluster.deployment("web").path("spec").path("template").toString())
                .doesNotContain("web:2");
    }

    @Test
    void aCrashLoopingRevisionIsReportedWithItsReason() {
        cluster.server.deployments().whenImage("registry.example/web:2", PodBehaviour.crashLoop());

        target.scale(WEB, CANARY, 2);
        cluster.settle();

        RevisionState canary = state(CANARY.id());
        assertThat(canary.fullyAvailable()).isFalse();
        assertThat(canary.failure()).hasValueSatisfying(
                why -> assertThat(why).startsWith("CrashLoopBackOff"));
        assertThat(state(STABLE.id()).failure()).isEmpty();
    }

    @Test
    void anImageThatCannotBePulledIsReportedWithItsReason() {
        cluster.server.deployments().whenImage("registry.example/web:2",
                PodBehaviour.imagePullFailure());

        target.scale(WEB, CANARY, 1);
        cluster.settle();

        assertThat(state(CANARY.id()).failure()).hasValueSatisfying(
                why -> assertThat(why).startsWith("ImagePullBackOff"));
    }

    @Test
    void aRevisionPastItsProgressDeadlineIsReportedFailed() {
        cluster.server.deployments().whenImage("registry.example/web:2",
                PodBehaviour.readyAfter(1000)).progressDeadlineTicks(3);

        target.scale(WEB, CANARY, 1);
        cluster.settle();

        assertThat(state(CANARY.id()).failure()).hasValueSatisfying(
                why -> assertThat(why).startsWith("ProgressDeadlineExceeded"));
    }

    @Test
    void aRevisionIsNotReadyUntilItsPodsAre() {
        cluster.server.deployments().whenImage("registry.example/web:2",
                PodBehaviour.readyAfter(3));

        target.scale(WEB, CANARY, 2);
        cluster.server.tick();
        RevisionState starting = state(CANARY.id());
        cluster.settle();

        assertThat(starting.fullyAvailable()).isFalse();
        assertThat(starting.failure()).isEmpty();
        assertThat(state(CANARY.id()).fullyAvailable()).isTrue();
    }

    @Test
    void aStormOfConflictsIsRetriedWithAFreshRead() {
        cluster.server.faults().on("PUT", "/apis/apps/v1/namespaces/shop/deployments/web")
                .times(6).conflict();
        cluster.server.faults().on("PATCH", "/apis/apps/v1/.*").times(5).conflict();
        cluster.server.faults().on("PATCH", "/api/v1/namespaces/shop/services/.*").times(5)
                .conflict();

        target.scale(WEB, CANARY, 2);
        target.scale(WEB, CANARY, 3);
        target.pointService(WEB, "web-preview", CANARY.id());
        target.markStable(WEB, CANARY);

        assertThat(cluster.deployment("web-v2").path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(cluster.service("web-preview").path("spec").path("selector")
                .path(RolloutLabels.REVISION).asText()).isEqualTo("v2");
        assertThat(cluster.deployment("web").path("spec").path("template").toString())
                .contains("registry.example/web:2");
        assertThat(cluster.server.requests().matching("PUT", ".*deployments/web"))
                .filteredOn(e -> e.status() == 200).hasSize(1);
        // every PUT attempt carried the resourceVersion it had just read
        assertThat(cluster.server.requests().matching("PUT", ".*deployments/web"))
                .allMatch(e -> e.body().contains("\"resourceVersion\""));
        assertThat(cluster.server.requests().matching("GET", ".*deployments/web"))
                .hasSizeGreaterThanOrEqualTo(7);
    }

    @Test
    void endlessConflictsEndInATargetException() {
        cluster.server.faults().on("PUT", ".*/deployments/web").always().conflict();

        assertThatThrownBy(() -> target.markStable(WEB, CANARY))
                .isInstanceOf(TargetException.class)
                .hasMessageContaining("still conflicting");
    }

    @Test
    void aRevisionWithoutImageOrWithAnUnknownContainerIsRefusedByName() {
        assertThatThrownBy(() -> target.scale(WEB, Revision.of("v3"), 1))
                .isInstanceOf(TargetException.class).hasMessageContaining("attribute 'image'");
        assertThatThrownBy(() -> target.scale(WEB, new Revision("v3",
                Map.of("image", "x:3", "container", "sidecar")), 1))
                .isInstanceOf(TargetException.class).hasMessageContaining("sidecar");
        assertThat(cluster.managedObjects("apps/v1", "deployments")).isZero();
    }

    @Test
    void longOrUnusualRevisionIdsGetValidNamesAndLabels() {
        Revision digest = new Revision("sha256:" + "ab".repeat(32),
                Map.of("image", "registry.example/web@sha256:" + "ab".repeat(32)));

        target.scale(WEB, digest, 1);
        cluster.settle();

        assertThat(target.observe(WEB).revision(digest.id())).isPresent();
        target.remove(WEB, digest.id());
        assertThat(cluster.managedObjects("apps/v1", "deployments")).isZero();
    }
}
