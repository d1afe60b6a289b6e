package dev.rollout.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The live view's table: columns as wide as their widest cell, colors only on the verdict. */
class WatchTableTest {
    private static final WatchRow US = new WatchRow("us-east", "3/6", 20, 2, 8,
            "success-rate=[0.99] Successful", "Progressing");
    private static final WatchRow EU = new WatchRow("eu-west", "-", 0, 0, 6, "-", "Degraded (aborted)");

    @Test
    void rendersATitleAHeaderAndOneAlignedLinePerCluster() {
        List<String> lines = WatchTable.render("deploy checkout 1.1.0 to production",
                List.of(US, EU), false);

        assertThat(lines).containsExactly(
                "deploy checkout 1.1.0 to production",
                "CLUSTER  STEP  WEIGHT  REPLICAS  LAST MEASUREMENT                VERDICT",
                "us-east  3/6   20%     2/8       success-rate=[0.99] Successful  Progressing",
                "eu-west  -     0%      0/6       -                               Degraded (aborted)");
    }

    @Test
    void colorsTheVerdictByOutcomeAndNothingElse() {
        List<String> lines = WatchTable.render("t", List.of(US, EU,
                new WatchRow("ap", "6/6", 100, 3, 0, "-", "Healthy"),
                new WatchRow("x", "2/6", 20, 1, 2, "-", "Paused (InconclusiveAnalysisRun)")), true);

        assertThat(lines.get(1)).doesNotContain("\u001b");
        assertThat(lines.get(2)).endsWith("  Progressing").doesNotContain("\u001b");
        assertThat(lines.get(3)).endsWith(WatchTable.RED + "Degraded (aborted)" + WatchTable.RESET);
        assertThat(lines.get(4)).endsWith(WatchTable.GREEN + "Healthy" + WatchTable.RESET);
        assertThat(lines.get(5)).endsWith(WatchTable.YELLOW + "Paused (InconclusiveAnalysisRun)"
                + WatchTable.RESET);
    }

    @Test
    void noLineEndsInSpaces() {
        assertThat(WatchTable.render("t", List.of(US, EU), false)).noneMatch(l -> l.endsWith(" "));
    }

    @Test
    void aPlainLineNamesEveryColumn() {
        assertThat(WatchTable.plain(US)).isEqualTo("us-east: step 3/6, weight 20%, replicas 2/8"
                + " (canary/stable), last success-rate=[0.99] Successful, Progressing");
    }
}
