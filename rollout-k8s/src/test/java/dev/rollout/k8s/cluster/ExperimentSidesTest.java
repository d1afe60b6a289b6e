package dev.rollout.k8s.cluster;

import static dev.rollout.k8s.FakeCluster.CANARY;
import static dev.rollout.k8s.FakeCluster.STABLE;
import static dev.rollout.k8s.FakeCluster.STABLE_IMAGE;
import static dev.rollout.k8s.FakeCluster.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollout.api.TargetException;
import dev.rollout.api.model.CanaryStep.Experiment;
import dev.rollout.api.model.Revision;
import dev.rollout.k8s.FakeCluster;
import dev.rollout.k8s.RolloutLabels;
import dev.rollout.k8s.internal.Workloads;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An experiment step's sides on Kubernetes: extra Deployments owned by the user's, removed after. */
class ExperimentSidesTest {
    private static final Experiment.Template BASELINE = new Experiment.Template("baseline",
            Experiment.SpecRef.STABLE, 1);
    private static final Experiment.Template CANARY_SIDE = new Experiment.Template("canary",
            Experiment.SpecRef.CANARY, 1);

    private final FakeCluster cluster = new FakeCluster();
    private final KubernetesClusterTarget target = cluster.target;

    @AfterEach
    void close() {
        cluster.close();
    }

    /** The revision the engine scales for a side (as ExperimentStep builds it). */
    private static Revision side(Experiment.Template t, String source, Map<String, String> attributes) {
        Map<String, String> all = new java.util.HashMap<>(attributes);
        all.put(Experiment.ATTR_EXPERIMENT, t.name());
        all.put(Experiment.ATTR_SOURCE, source);
        all.put(Experiment.ATTR_SPEC_REF, t.specRef().yamlName());
        return new Revision(Experiment.sideRevision(t, STABLE.id(), CANARY.id()), all);
    }

    private static String image(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0).path("image").asText();
    }

    @Test
    void aBaselineRunsTheUsersTemplateAndACanarySideTheNewImageBothOwnedAndRemoved() {
        Revision baseline = side(BASELINE, STABLE.id(), Map.of());
        Revision canary = side(CANARY_SIDE, CANARY.id(), CANARY.attributes());
        target.scale(WEB, baseline, 1);
        target.scale(WEB, canary, 1);
        cluster.settle();

        JsonNode b = cluster.deployment(Workloads.canaryName(WEB, baseline.id()));
        JsonNode c = cluster.deployment(Workloads.canaryName(WEB, canary.id()));
        assertThat(image(b)).isEqualTo(STABLE_IMAGE);
        assertThat(image(c)).isEqualTo("registry.example/web:2");
        assertThat(b.path("metadata").path("ownerReferences").get(0).path("uid").asText())
                .isEqualTo(cluster.deployment("web").path("metadata").path("uid").asText());
        assertThat(b.path("spec").path("template").path("metadata").path("labels").path(RolloutLabels.REVISION)
                .asText()).as("metric queries select a side's pods by this label")
                .isEqualTo(dev.rollout.k8s.internal.Names.labelValue(baseline.id()));
        assertThat(target.observe(WEB).revision(baseline.id()).orElseThrow().fullyAvailable()).isTrue();
        assertThat(target.observe(WEB).revision(canary.id()).orElseThrow().fullyAvailable()).isTrue();
        assertThat(target.observe(WEB).stableRevision()).contains(STABLE.id());

        target.remove(WEB, baseline.id());
        target.remove(WEB, canary.id());
        cluster.settle();

        assertThat(target.observe(WEB).revisions()).containsOnlyKeys(STABLE.id());
        assertThat(cluster.hasDeployment(Workloads.canaryName(WEB, baseline.id()))).isFalse();
    }

    @Test
    void aBaselineOfARevisionTheDeploymentNoLongerRunsIsRefused() {
        Revision stale = side(BASELINE, "registry.example/web:0", Map.of());

        assertThatThrownBy(() -> target.scale(WEB, stale, 1)).isInstanceOf(TargetException.class)
                .hasMessageContaining("runs revision registry.example/web:0, but the Deployment now runs "
                        + STABLE_IMAGE);
    }
}
