package dev.rollout.examples.conductor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rollout.core.conductor.ClusterDeployStatus;
import dev.rollout.core.conductor.DeployStatus;
import dev.rollout.core.conductor.versions.DeployResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's conductor example tells the story it promises. */
class ConductorExampleTest {
    @Test
    void stagingThenProductionWhereABadRegionHaltsTheSecondWave() {
        DeployStatus production = ConductorExample.run(
                Path.of("..", "examples", "conductor", "checkout", "service.yaml"));

        assertThat(production.result()).isEqualTo(DeployResult.Failed);
        assertThat(production.message()).contains("eu-west failed");
        assertThat(production.clusters()).extracting(ClusterDeployStatus::name,
                ClusterDeployStatus::phase).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("us-east", "Healthy"),
                        org.assertj.core.groups.Tuple.tuple("eu-west", "Degraded"),
                        org.assertj.core.groups.Tuple.tuple("ap-south", "Aborted"));
        assertThat(production.clusters()).extracting(ClusterDeployStatus::previousRevision)
                .containsOnly("1.0.0");
    }
}
