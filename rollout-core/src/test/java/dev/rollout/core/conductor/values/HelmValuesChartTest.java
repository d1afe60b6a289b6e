package dev.rollout.core.conductor.values;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Picking and merging a chart directory's values files per environment and cluster. */
class HelmValuesChartTest {
    @TempDir
    Path chart;

    private void write(String name, String yaml) throws IOException {
        Files.writeString(chart.resolve(name), yaml);
    }

    @Test
    void allThreeFilesLayerInOrder() throws IOException {
        write("values.yaml", "replicas: 1\nimage:\n  repository: app\n  tag: v1\n");
        write("values-prod.yaml", "replicas: 3\n");
        write("values-prod-eu-west-1.yaml", "image:\n  tag: v2\n");
        write("values-staging.yaml", "replicas: 99\n");

        assertThat(HelmValues.valueFiles(chart, "prod", "eu-west-1")).containsExactly(
                chart.resolve("values.yaml"), chart.resolve("values-prod.yaml"),
                chart.resolve("values-prod-eu-west-1.yaml"));
        MergedValues merged = HelmValues.forCluster(chart, "prod", "eu-west-1");
        assertThat(merged.integer("replicas")).hasValue(3);
        assertThat(merged.string("image.tag")).contains("v2");
        assertThat(merged.string("image.repository")).contains("app");
        assertThat(merged.provenance("image.tag")).contains(
                new Provenance(chart.resolve("values-prod-eu-west-1.yaml").toString(), 2));
        assertThat(merged.files()).containsExactly(chart.resolve("values.yaml").toString(),
                chart.resolve("values-prod.yaml").toString(),
                chart.resolve("values-prod-eu-west-1.yaml").toString());
    }

    @Test
    void missingFilesAreSkipped() throws IOException {
        write("values-prod-us.yaml", "replicas: 4\n");
        assertThat(HelmValues.valueFiles(chart, "prod", "us"))
                .containsExactly(chart.resolve("values-prod-us.yaml"));
        MergedValues merged = HelmValues.forCluster(chart, "prod", "us");
        assertThat(merged.files()).containsExactly(chart.resolve("values-prod-us.yaml").toString());
        assertThat(merged.integer("replicas")).hasValue(4);
        assertThat(HelmValues.forCluster(chart, "dev", "x").asMap()).isEmpty();
        assertThat(HelmValues.forCluster(chart, "dev", "x").files()).isEmpty();
    }

    @Test
    void theChartsValuesYamlIsAlsoItsDefaults() throws IOException {
        write("values.yaml", "resources:\n  cpu: 1\n");
        write("values-prod.yaml", "resources: null\n");
        write("values-prod-eu.yaml", "resources:\n  memory: 2Gi\n");
        // helm install -f values.yaml -f values-prod.yaml -f values-prod-eu.yaml: values.yaml's
        // cpu comes back, because Helm coalesces the -f result over the chart's values.yaml.
        MergedValues merged = HelmValues.forCluster(chart, "prod", "eu");
        assertThat(merged.get("resources.cpu")).contains(1L);
        assertThat(merged.get("resources.memory")).contains("2Gi");
        assertThat(HelmValues.forCluster(chart, "prod", "us").get("resources")).isEmpty();
    }

    @Test
    void aBadFileIsNamed() throws IOException {
        write("values.yaml", "a: 1\n");
        write("values-prod.yaml", "- not a map\n");
        assertThatThrownBy(() -> HelmValues.forCluster(chart, "prod", "eu"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith(chart.resolve("values-prod.yaml") + ":1: ");
    }

    @Test
    void aMissingChartDirectoryIsNamed() {
        Path missing = chart.resolve("no-such-chart");
        assertThatThrownBy(() -> HelmValues.forCluster(missing, "prod", "eu"))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage(missing + ": (chart): chart directory not found");
        assertThatThrownBy(() -> HelmValues.valueFiles(missing, "prod", "eu"))
                .isInstanceOf(InvalidSpecException.class);
    }

    @Test
    void environmentAndClusterMustBePlainNames() {
        assertThatThrownBy(() -> HelmValues.valueFiles(chart, "../prod", "eu"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("environment");
        assertThatThrownBy(() -> HelmValues.valueFiles(chart, "prod", "eu/west"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster");
    }
}
