package dev.rollout.core.conductor.versions;

import static dev.rollout.core.conductor.versions.Releases.ORDER;
import static dev.rollout.core.conductor.versions.Releases.ticket;
import static dev.rollout.core.conductor.versions.Releases.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.MockClock;
import dev.rollout.core.state.FileStateStore;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two version stores over one state directory behave as one queue, as two conductor processes would. */
class VersionStoreOnFilesTest {
    @TempDir
    Path dir;

    private final MockClock clock = new MockClock();

    @Test
    void twoStoresOnOneDirectoryShareTheQueueAndAResumedDeployFinishesIt() {
        VersionStore first = new VersionStore(new FileStateStore(dir), clock);
        VersionStore second = new VersionStore(new FileStateStore(dir), clock);
        DeployTicket running = ticket("r1", 1);
        DeployTicket waiting = ticket("r2", 3);

        assertThat(first.submit("shop", "prod", running, ORDER)).isEqualTo(new Admission.Run(running));
        assertThat(second.submit("shop", "prod", waiting, ORDER))
                .isEqualTo(new Admission.Pending(waiting, Optional.empty()));
        assertThat(second.submit("shop", "prod", ticket("r3", 1), ORDER))
                .isEqualTo(new Admission.Duplicate(running));
        first.started("shop", "prod", "r1");
        first.clusterDeployed("shop", "prod", "r1", "eu-1", v(1), ORDER);
        // the first process dies; a third opens the directory and resumes its deploy
        VersionStore third = new VersionStore(new FileStateStore(dir), clock);
        assertThat(third.inFlight("shop", "prod")).contains(running);
        assertThat(third.get("shop", "prod").clustersDone()).containsExactly("eu-1");
        third.takeOver("shop", "prod", "r1", "third");
        third.clusterDeployed("shop", "prod", "r1", "us-1", v(1), ORDER);

        assertThat(third.finish("shop", "prod", "r1", DeployResult.Deployed, "")).contains(waiting);
        assertThat(second.inFlight("shop", "prod")).contains(waiting);
        assertThat(second.submit("shop", "prod", ticket("r4", 2), ORDER))
                .isInstanceOf(Admission.Refused.class);
        assertThatThrownBy(() -> first.clusterDeployed("shop", "prod", "r1", "ap-1", v(1), ORDER))
                .isInstanceOf(DeployConflictException.class);
        assertThat(first.get("shop", "prod")).isEqualTo(third.get("shop", "prod"));
        assertThat(first.get("shop", "prod").clusters().get("us-1").revision().attributes())
                .containsEntry("image", "shop:1");
    }
}
