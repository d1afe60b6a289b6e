package dev.rollout.core.conductor;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.InvalidSpecException.SpecProblem;
import dev.rollout.api.RolloutException;
import dev.rollout.api.Scheduler;
import dev.rollout.api.Secret;
import dev.rollout.api.analysis.AnalysisRef;
import dev.rollout.api.model.Revision;
import dev.rollout.api.model.RolloutSpec;
import dev.rollout.api.spi.MetricProvider;
import dev.rollout.api.spi.Notifier;
import dev.rollout.api.spi.RevisionSource;
import dev.rollout.api.spi.SecretResolver;
import dev.rollout.core.analysis.TemplateRegistry;
import dev.rollout.core.analysis.template.AnalysisTemplateParser;
import dev.rollout.core.conductor.config.EnvironmentConfig;
import dev.rollout.core.conductor.config.NotifyConfig;
import dev.rollout.core.conductor.config.ServiceConfig;
import dev.rollout.core.conductor.config.SourceConfig;
import dev.rollout.core.conductor.config.WaveConfig;
import dev.rollout.core.conductor.notify.SlackWebhookNotifier;
import dev.rollout.core.conductor.versions.ClusterVersion;
import dev.rollout.core.conductor.versions.EnvironmentVersions;
import dev.rollout.core.conductor.versions.HistoryEntry;
import dev.rollout.core.conductor.versions.VersionStore;
import dev.rollout.core.revision.StaticRevisionSource;
import dev.rollout.core.revision.oci.OciRegistrySource;
import dev.rollout.core.spec.LoadedSpecs;
import dev.rollout.core.spec.SpecLoader;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds what a service config names: its rollout, revision source, notifiers; checks gates. */
final class Sources {
    private Sources() {
    }

    static LoadedSpecs loadRollout(ServiceConfig config, List<MetricProvider> providers) {
        Map<String, MetricProvider> byType = providers.stream()
                .collect(Collectors.toMap(MetricProvider::type, Function.identity(), (a, b) -> a));
        return AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(), byType)
                .load(config.rollout());
    }

    static RolloutSpec theRollout(ServiceConfig config, LoadedSpecs specs) {
        List<RolloutSpec> rollouts = specs.rollouts();
        if (rollouts.size() != 1) {
            throw new InvalidSpecException(new SpecProblem(config.rollout().toString(), 0,
                    "kind", "must hold exactly one Rollout (the strategy of every cluster), holds "
                            + rollouts.size()));
        }
        return rollouts.get(0);
    }

    static RevisionSource revisionSource(ServiceConfig config, SecretResolver secrets) {
        SourceConfig configured = config.source();
        if (configured instanceof SourceConfig.Static s) {
            List<String> newestFirst = new ArrayList<>(s.revisions());
            Collections.reverse(newestFirst);
            return StaticRevisionSource.ofIds(newestFirst.toArray(String[]::new));
        }
        if (configured instanceof SourceConfig.Oci oci) {
            OciRegistrySource.Builder b = OciRegistrySource.builder()
                    .registry(URI.create(oci.registry()))
                    .repository(oci.repository());
            oci.constraint().ifPresent(b::constraint);
            if (oci.username().isPresent() && oci.password().isPresent()) {
                b.credentials(secret(secrets, oci.username().get(), config,
                        "spec.source.oci.username").reveal(), secret(secrets, oci.password().get(),
                        config, "spec.source.oci.password"));
            }
            return b.build();
        }
        SourceConfig.Git git = (SourceConfig.Git) configured;
        throw new RolloutException("spec.source.git needs the rollout-git module: pass"
                + " GitRevisionSource.open(" + git.repository() + ", \"" + git.branch()
                + "\") to Conductor.Builder.revisionSource");
    }

    /** The environment's notifiers: the builder's, and the config's Slack webhooks. */
    static Map<String, List<Notifier>> notifiers(ServiceConfig config, List<Notifier> extra,
            boolean slack, SecretResolver secrets, Scheduler scheduler) {
        Map<String, List<Notifier>> out = new HashMap<>();
        for (EnvironmentConfig env : config.environments()) {
            List<Notifier> list = new ArrayList<>(extra);
            if (slack) {
                for (int i = 0; i < env.notifications().size(); i++) {
                    if (env.notifications().get(i) instanceof NotifyConfig.Slack s) {
                        String field = "spec.environments." + env.name() + ".notify[" + i
                                + "].slack.webhookUrl";
                        list.add(new LazySlack(() -> SlackWebhookNotifier.builder(
                                secret(secrets, s.webhookUrl(), config, field))
                                .scheduler(scheduler).clock(scheduler.clock()).build()));
                    }
                }
            }
            out.put(env.name(), List.copyOf(list));
        }
        return out;
    }

    static Secret secret(SecretResolver secrets, AnalysisRef.SecretKeyRef ref, ServiceConfig config,
            String field) {
        return secrets.resolve("", ref.name(), ref.key()).orElseThrow(() ->
                new InvalidSpecException(new SpecProblem(config.file().toString(), 0, field,
                        "secret " + ref.name() + "/" + ref.key() + " not found (" + secrets + ")")));
    }

    /** Problems of the gates' analysis: templates that do not exist. */
    static List<SpecProblem> gateProblems(ServiceConfig config, EnvironmentConfig env,
            TemplateRegistry templates) {
        List<SpecProblem> problems = new ArrayList<>();
        for (WaveConfig wave : env.waves()) {
            if (wave.gate().isEmpty() || wave.gate().get().analysis().isEmpty()) {
                continue;
            }
            for (AnalysisRef.TemplateRef ref : wave.gate().get().analysis().get().templates()) {
                if (templates.all().stream().noneMatch(t -> t.name().equals(ref.templateName()))) {
                    problems.add(new SpecProblem(config.file().toString(), 0, "spec.environments."
                            + env.name() + ".waves[" + wave.index() + "].gate.analysis.templates",
                            "no AnalysisTemplate named " + ref.templateName() + " in "
                                    + config.rollout()));
                }
            }
        }
        return problems;
    }

    /**
     * Refuses a revision that has not reached every cluster of the {@code after} environment:
     * its history must show the revision deployed on each, or each must run it or a newer one.
     */
    static void requireReached(ServiceConfig config, VersionStore versions, String afterName,
            EnvironmentConfig after, Revision revision) {
        EnvironmentVersions there = versions.get(config.name(), afterName);
        List<String> missing = new ArrayList<>();
        for (String cluster : after.clusters()) {
            boolean deployed = there.history().stream().anyMatch(h ->
                    h.kind() == HistoryEntry.Kind.DEPLOYED && cluster.equals(h.cluster())
                            && revision.id().equals(h.revision()));
            ClusterVersion current = there.clusters().get(cluster);
            if (!deployed && (current == null || !current.revision().id().equals(revision.id()))) {
                missing.add(cluster);
            }
        }
        if (!missing.isEmpty()) {
            throw new NotReachedException("revision " + revision.id() + " has not reached "
                    + afterName + " (the environment it must pass first): not deployed on "
                    + String.join(", ", missing));
        }
    }

    static Revision resolve(ServiceConfig config, RevisionSource source, String reference) {
        try {
            return source.resolve(reference);
        } catch (dev.rollout.api.ProviderException e) {
            throw e;
        } catch (RolloutException e) {
            throw new InvalidSpecException(new SpecProblem("<command line>", 0, "revision",
                    e.getMessage()));
        }
    }

    /** A Slack notifier built when it is first used, so a missing secret fails only its deploys. */
    private static final class LazySlack implements Notifier {
        private final java.util.function.Supplier<Notifier> factory;
        private volatile Notifier notifier;

        LazySlack(java.util.function.Supplier<Notifier> factory) {
            this.factory = factory;
        }

        @Override
        public void notify(dev.rollout.api.deploy.DeployNotification notification) {
            Notifier n = notifier;
            if (n == null) {
                synchronized (this) {
                    if (notifier == null) {
                        notifier = factory.get();
                    }
                    n = notifier;
                }
            }
            n.notify(notification);
        }
    }

    /** A revision that has not passed the environment it must pass first. */
    static final class NotReachedException extends dev.rollout.core.conductor.DeployRefusedException {
        NotReachedException(String message) {
            super(message);
        }
    }
}
