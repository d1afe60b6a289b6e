package dev.rollout.core.conductor.versions;

import static dev.rollout.core.conductor.versions.Releases.ORDER;
import static dev.rollout.core.conductor.versions.Releases.ticket;
import static dev.rollout.core.conductor.versions.Releases.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.MockClock;
import dev.rollout.core.conductor.versions.HistoryEntry.Kind;
import dev.rollout.core.state.InMemoryStateStore;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The deploy queue's admission rules: one deploy in flight, one pending slot, release order decides. */
class VersionStoreQueueTest {
    private final InMemoryStateStore state = new InMemoryStateStore();
    private final VersionStore versions = new VersionStore(state, new MockClock());

    private Admission submit(DeployTicket ticket) {
        return versions.submit("shop", "prod", ticket, ORDER);
    }

    private void deployEverywhere(DeployTicket ticket, String... clusters) {
        assertThat(submit(ticket)).isEqualTo(new Admission.Run(ticket));
        for (String cluster : clusters) {
            versions.clusterDeployed("shop", "prod", ticket.requestId(), cluster, ticket.revision(), ORDER);
        }
        versions.finish("shop", "prod", ticket.requestId(), DeployResult.Deployed, "");
    }

    private List<Kind> kinds() {
        return versions.get("shop", "prod").history().stream().map(HistoryEntry::kind).toList();
    }

    @Test
    void anEnvironmentWithNothingStoredIsEmpty() {
        EnvironmentVersions env = versions.get("shop", "prod");

        assertThat(env).isEqualTo(EnvironmentVersions.empty("shop", "prod"));
        assertThat(versions.list("shop")).isEmpty();
        assertThat(state.list()).isEmpty();
    }

    @Test
    void theFirstRequestRunsAndTheSameRevisionJoinsIt() {
        DeployTicket first = ticket("r1", 1);

        assertThat(submit(first)).isEqualTo(new Admission.Run(first));
        assertThat(submit(ticket("r2", 1))).isEqualTo(new Admission.Duplicate(first));
        assertThat(submit(first)).isEqualTo(new Admission.Duplicate(first));
        assertThat(versions.inFlight("shop", "prod")).contains(first);
        assertThat(kinds()).containsExactly(Kind.REQUESTED);
    }

    @Test
    void aNewerRequestWaitsAndAStillNewerOneSupersedesItVisibly() {
        submit(ticket("r1", 1));
        DeployTicket second = ticket("r2", 3);
        DeployTicket third = ticket("r3", 5);

        assertThat(submit(second)).isEqualTo(new Admission.Pending(second, Optional.empty()));
        assertThat(submit(ticket("r2b", 3))).isEqualTo(new Admission.Duplicate(second));
        assertThat(submit(third)).isEqualTo(new Admission.Pending(third, Optional.of(second)));

        EnvironmentVersions env = versions.get("shop", "prod");
        assertThat(env.pending()).contains(third);
        assertThat(env.history()).filteredOn(e -> e.kind() == Kind.SUPERSEDED).singleElement()
                .satisfies(e -> {
                    assertThat(e.requestId()).isEqualTo("r2");
                    assertThat(e.message()).contains("r3", "v5");
                });
    }

    @Test
    void aRequestBetweenDeployingAndPendingIsSupersededAtOnceByThePendingOne() {
        submit(ticket("r1", 1));
        DeployTicket pending = ticket("r2", 5);
        submit(pending);
        DeployTicket between = ticket("r3", 3);

        assertThat(submit(between)).isEqualTo(new Admission.Superseded(between, pending));
        assertThat(versions.get("shop", "prod").pending()).contains(pending);
        assertThat(versions.get("shop", "prod").history()).last().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.SUPERSEDED);
            assertThat(e.requestId()).isEqualTo("r3");
            assertThat(e.message()).contains("v3", "v1", "v5");
        });
    }

    @Test
    void aRequestNotNewerThanTheDeployingOneIsRefusedNamingBoth() {
        submit(ticket("r1", 4));
        DeployTicket older = ticket("r2", 2);

        Admission admission = submit(older);

        assertThat(admission).isInstanceOfSatisfying(Admission.Refused.class, refused -> {
            assertThat(refused.ticket()).isEqualTo(older);
            assertThat(refused.newer()).isEqualTo(v(4));
            assertThat(refused.reason()).contains("v2", "v4", "deploying");
        });
        assertThat(versions.get("shop", "prod").history()).last().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.REFUSED);
            assertThat(e.requestId()).isEqualTo("r2");
        });
    }

    @Test
    void aRequestOlderThanAnyClusterIsRefusedEvenIfNewerThanOthers() {
        deployEverywhere(ticket("r0", 3), "eu-1", "us-1");
        submit(ticket("r1", 5));
        versions.clusterDeployed("shop", "prod", "r1", "eu-1", v(5), ORDER);
        versions.finish("shop", "prod", "r1", DeployResult.Failed, "us-1 failed");

        // us-1 still runs v3, eu-1 runs v5: v4 is newer than us-1 but older than eu-1.
        Admission admission = submit(ticket("r2", 4));

        assertThat(admission).isInstanceOfSatisfying(Admission.Refused.class, refused -> {
            assertThat(refused.newer()).isEqualTo(v(5));
            assertThat(refused.reason()).contains("v4", "v5", "eu-1");
        });
        DeployTicket again = ticket("r3", 5);
        assertThat(submit(again)).as("v5 is not on us-1 yet").isEqualTo(new Admission.Run(again));
    }

    @Test
    void aRevisionOnEveryClusterIsUpToDateButAPartlyDeployedOneRunsAgain() {
        deployEverywhere(ticket("r1", 2), "eu-1", "us-1");

        assertThat(submit(ticket("r2", 2))).isEqualTo(new Admission.UpToDate(v(2)));
        DeployTicket onDeclared = ticket("r3", 2);
        assertThat(versions.submit("shop", "prod", onDeclared, ORDER, List.of("eu-1", "us-1", "ap-1")))
                .as("a declared cluster without a record is not up to date")
                .isEqualTo(new Admission.Run(onDeclared));
    }

    @Test
    void finishingHandsThePendingRequestTheDeployInTheSameWrite() {
        submit(ticket("r1", 1));
        DeployTicket next = ticket("r2", 2);
        submit(next);

        assertThat(versions.finish("shop", "prod", "r1", DeployResult.Deployed, "all good"))
                .contains(next);
        EnvironmentVersions env = versions.get("shop", "prod");
        assertThat(env.deploying()).contains(next);
        assertThat(env.pending()).isEmpty();
        assertThat(env.history()).filteredOn(e -> e.kind() == Kind.FINISHED).singleElement()
                .satisfies(e -> {
                    assertThat(e.message()).isEqualTo("Deployed: all good");
                    assertThat(e.finishedResult()).contains(DeployResult.Deployed);
                });
        assertThat(versions.finish("shop", "prod", "r2", DeployResult.Failed, null)).isEmpty();
        assertThat(versions.inFlight("shop", "prod")).isEmpty();
    }

    @Test
    void waitingForApprovalIsNoEnd() {
        submit(ticket("r1", 1));
        versions.waitingForApproval("shop", "prod", "r1", "gate after wave 1");

        assertThatThrownBy(() -> versions.finish("shop", "prod", "r1",
                DeployResult.WaitingForApproval, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("still in flight");
        assertThat(versions.inFlight("shop", "prod")).isPresent();
        assertThat(kinds()).containsExactly(Kind.REQUESTED, Kind.WAITING_FOR_APPROVAL);
    }

    @Test
    void environmentsAreListedPerService() {
        versions.submit("shop", "staging", ticket("r1", 1), ORDER);
        versions.submit("shop", "prod", ticket("r2", 1), ORDER);
        versions.submit("shopping", "prod", ticket("r3", 1), ORDER);

        assertThat(versions.list("shop")).extracting(EnvironmentVersions::environment)
                .containsExactly("prod", "staging");
        assertThat(state.get("deploys/shop/prod")).isPresent();
    }

    @Test
    void namesThatWouldMakeAmbiguousKeysAreRejected() {
        assertThatThrownBy(() -> versions.get("shop/eu", "prod"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service");
        assertThatThrownBy(() -> versions.get("shop", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("environment");
    }

    @Test
    void theHistoryKeepsTheLastEntriesOnly() {
        submit(ticket("r0", 100));
        for (int i = 1; i <= VersionStore.DEFAULT_HISTORY_LIMIT + 20; i++) {
            submit(ticket("old" + i, 1));
        }

        List<HistoryEntry> history = versions.get("shop", "prod").history();
        assertThat(history).hasSize(VersionStore.DEFAULT_HISTORY_LIMIT);
        assertThat(history.get(0).requestId()).isEqualTo("old21");
        assertThat(history).last().extracting(HistoryEntry::requestId)
                .isEqualTo("old" + (VersionStore.DEFAULT_HISTORY_LIMIT + 20));
    }
}
