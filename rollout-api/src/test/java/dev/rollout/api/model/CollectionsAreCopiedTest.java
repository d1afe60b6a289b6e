package dev.rollout.api.model;

import dev.rollout.api.analysis.AnalysisRef;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.AnalysisRunStatus;
import dev.rollout.api.cluster.RevisionState;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.deploy.DeployNotification;
import dev.rollout.api.deploy.DeployNotification.ClusterChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each model record with a collection copies it: a caller changing what it passed afterwards
 * changes nothing in the record, and the collections a record returns refuse changes. (The
 * analysis records are covered by {@code dev.rollout.api.analysis.CollectionsAreCopiedTest}.)
 */
class CollectionsAreCopiedTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void rolloutStatusListsAreCopies() {
        List<PauseCondition> pauses = new ArrayList<>(List.of(new PauseCondition(PauseCondition.Reason.CanaryPauseStep, T0)));
        List<StepRecord> history = new ArrayList<>(List.of(new StepRecord(0, "setWeight", T0, 20, 2, 10)));
        List<AnalysisRunStatus> runs = new ArrayList<>(List.of(new AnalysisRunStatus("run", AnalysisPhase.Running, List.of(), "")));
        RolloutStatus status = RolloutStatus.builder("ns/app").stableRevision("v1").newRevision("v2")
                .pauseConditions(pauses).history(history).analysisRuns(runs).startedAt(T0).updatedAt(T0).build();

        pauses.clear();
        history.clear();
        runs.clear();

        assertThat(status.pauseConditions()).hasSize(1);
        assertThat(status.history()).hasSize(1);
        assertThat(status.analysisRuns()).hasSize(1);
        refusesChanges(status.pauseConditions());
        refusesChanges(status.history());
        refusesChanges(status.analysisRuns());
    }

    @Test
    void rolloutSpecLabelsAreACopy() {
        Map<String, String> labels = new HashMap<>(Map.of("team", "payments"));
        RolloutSpec spec = RolloutSpec.builder("app", 3, CanaryStrategy.of(List.of())).labels(labels).build();

        labels.put("team", "other");

        assertThat(spec.labels()).containsExactly(Map.entry("team", "payments"));
        refusesChanges(spec.labels());
    }

    @Test
    void canaryStrategyStepsAreACopy() {
        List<CanaryStep> steps = new ArrayList<>(List.of(new CanaryStep.SetWeight(20)));
        CanaryStrategy canary = CanaryStrategy.builder().steps(steps).build();

        steps.add(new CanaryStep.SetWeight(50));

        assertThat(canary.steps()).containsExactly(new CanaryStep.SetWeight(20));
        refusesChanges(canary.steps());
    }

    @Test
    void trafficRoutingConfigIsADeepCopyKeepingOrderAndNulls() {
        Map<String, Object> nested = new LinkedHashMap<>(Map.of("name", "route"));
        List<Object> hosts = new ArrayList<>(List.of("a.example"));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("zeta", nested);
        config.put("alpha", hosts);
        config.put("unset", null);
        TrafficRouting routing = new TrafficRouting("istio", config);

        nested.put("name", "changed");
        hosts.add("b.example");
        config.put("late", "x");

        assertThat(routing.config()).containsOnlyKeys("zeta", "alpha", "unset");
        assertThat(routing.config().keySet()).containsExactly("zeta", "alpha", "unset");
        assertThat(routing.config().get("zeta")).isEqualTo(Map.of("name", "route"));
        assertThat(routing.config().get("alpha")).isEqualTo(List.of("a.example"));
        assertThat(routing.config().get("unset")).isNull();
        refusesChanges(routing.config());
        refusesChanges((Map<?, ?>) routing.config().get("zeta"));
        refusesChanges((List<?>) routing.config().get("alpha"));
    }

    @Test
    void customStepConfigIsADeepCopy() {
        Map<String, Object> inner = new HashMap<>(Map.of("k", "v"));
        Map<String, Object> config = new HashMap<>(Map.of("inner", inner));
        CanaryStep.Custom step = new CanaryStep.Custom("notify", config);

        inner.put("k", "changed");
        config.clear();

        assertThat(step.config()).isEqualTo(Map.of("inner", Map.of("k", "v")));
        refusesChanges(step.config());
        refusesChanges((Map<?, ?>) step.config().get("inner"));
    }

    @Test
    void experimentAndAnalysisRefListsAreCopies() {
        List<CanaryStep.Experiment.Template> templates = new ArrayList<>(List.of(
                new CanaryStep.Experiment.Template("baseline", CanaryStep.Experiment.SpecRef.STABLE, 1)));
        List<AnalysisRef.Arg> args = new ArrayList<>(List.of(AnalysisRef.Arg.of("service", "app")));
        List<AnalysisRef.TemplateRef> refs = new ArrayList<>(List.of(new AnalysisRef.TemplateRef("rate", false)));
        CanaryStep.Experiment experiment = new CanaryStep.Experiment(Optional.of(java.time.Duration.ofMinutes(5)), templates,
                List.of());
        AnalysisRef ref = new AnalysisRef(refs, args);

        templates.clear();
        args.clear();
        refs.clear();

        assertThat(experiment.templates()).hasSize(1);
        assertThat(ref.templates()).hasSize(1);
        assertThat(ref.args()).hasSize(1);
        refusesChanges(experiment.templates());
        refusesChanges(experiment.analyses());
        refusesChanges(ref.templates());
        refusesChanges(ref.args());
    }

    @Test
    void revisionAttributesAreACopy() {
        Map<String, String> attributes = new HashMap<>(Map.of("digest", "sha256:1"));
        Revision revision = new Revision("v2", attributes);

        attributes.put("digest", "sha256:2");

        assertThat(revision.attributes()).containsExactly(Map.entry("digest", "sha256:1"));
        refusesChanges(revision.attributes());
    }

    @Test
    void workloadStateMapsAreCopies() {
        Map<String, RevisionState> revisions = new HashMap<>(
                Map.of("v1", new RevisionState("v1", 3, 3, 3, 3, Optional.empty())));
        Map<String, String> selectors = new HashMap<>(Map.of("app", "v1"));
        WorkloadState state = new WorkloadState(Optional.of("v1"), revisions, selectors, 0);

        revisions.clear();
        selectors.clear();

        assertThat(state.revisions()).containsOnlyKeys("v1");
        assertThat(state.serviceSelectors()).containsOnlyKeys("app");
        refusesChanges(state.revisions());
        refusesChanges(state.serviceSelectors());
    }

    @Test
    void deployNotificationListsAreCopies() {
        List<Commit> commits = new ArrayList<>(List.of(new Commit("abc123", "abc", "fix", "dev")));
        List<ClusterChange> clusters = new ArrayList<>(List.of(new ClusterChange("eu", "v1", commits)));
        DeployNotification notification = DeployNotification.builder(DeployNotification.Kind.STARTED,
                "app", "prod", "v2", "req-1").clusters(clusters).time(T0).build();

        commits.clear();
        clusters.clear();

        assertThat(notification.clusters()).hasSize(1);
        assertThat(notification.clusters().get(0).commits()).hasSize(1);
        refusesChanges(notification.clusters());
        refusesChanges(notification.clusters().get(0).commits());
    }

    @Test
    void invalidSpecProblemsAreACopy() {
        List<SpecProblem> problems = new ArrayList<>(List.of(new SpecProblem("a.yaml", 1, "spec", "bad")));
        InvalidSpecException e = new InvalidSpecException(problems);

        problems.clear();

        assertThat(e.problems()).hasSize(1);
        refusesChanges(e.problems());
    }

    static void refusesChanges(Collection<?> collection) {
        assertThatThrownBy(collection::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> collection.add(null)).isInstanceOf(UnsupportedOperationException.class);
    }

    static void refusesChanges(Map<?, ?> map) {
        assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.put(null, null)).isInstanceOf(UnsupportedOperationException.class);
    }
}
