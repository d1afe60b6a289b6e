package dev.rollout.core.judge;

import dev.rollout.api.ProviderException;
import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.analysis.MeasurementRequest;
import dev.rollout.api.analysis.MetricValue;
import dev.rollout.api.spi.MetricProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code judge} metric provider: measures a baseline series and a canary series through other
 * providers and judges them ({@link Judge}, {@link Scoring}). One measurement is one interval:
 * a canary score at or above {@code pass} is Successful, at or above {@code marginal} Inconclusive,
 * below Failed (so with {@code failureLimit: 0} a failing interval ends the run at once, and
 * {@code inconclusiveLimit} says how many marginal intervals are tolerated). The measurement's
 * message is the verdict; its details the statistics. See {@code docs/judge.md} for the block.
 *
 * <p>A side is measured as the metric {@code <metric>.baseline} / {@code <metric>.canary}
 * ({@code <metric>.<name>.baseline} in a {@code metrics:} list), so scripted metrics script each
 * side under that name. A side's value must be a series: a vector of numbers (nulls are NaN), a
 * single number, or no data. Thread-safe.
 */
public final class JudgeMetricProvider implements MetricProvider {
    /** The provider block's key. */
    public static final String TYPE = "judge";

    /** Finds the provider that measures one side. */
    @FunctionalInterface
    public interface SideProviders {
        /** The provider of {@code type} for the side measured as {@code sideMetricName}, or null when there is none. */
        MetricProvider forSide(String sideMetricName, String type);
    }

    private final SideProviders sides;
    private final Set<String> alsoKnown;

    /** A judge whose sides are measured by the providers {@code sides} finds. */
    public JudgeMetricProvider(SideProviders sides) {
        this(sides, Set.of());
    }

    /**
     * A judge whose sides are measured by {@code sides}; {@code alsoKnown} are provider keys
     * accepted at load time although {@code sides} has no provider for them (Argo's keys, checked
     * when measured).
     */
    public JudgeMetricProvider(SideProviders sides, Set<String> alsoKnown) {
        this.sides = Objects.requireNonNull(sides, "sides");
        this.alsoKnown = Set.copyOf(alsoKnown);
    }

    /** A judge over {@code providers} by type. */
    public static JudgeMetricProvider over(Map<String, MetricProvider> providers) {
        Map<String, MetricProvider> copy = Map.copyOf(providers);
        return new JudgeMetricProvider((name, type) -> copy.get(type));
    }

    /** One side a judge block measures: the metric name it is measured as, its provider type and block. */
    public record Side(String metricName, String providerType, Map<String, Object> block) {
    }

    /**
     * The sides the judge block {@code provider} of metric {@code metricName} measures, baseline
     * then canary for each pair; empty when the block is invalid.
     */
    public static List<Side> sides(String metricName, Map<String, Object> provider) {
        JudgeSpec.Parsed parsed = JudgeSpec.parse(provider, metricName, t -> true, new ArrayList<>());
        if (parsed == null) {
            return List.of();
        }
        List<Side> sides = new ArrayList<>();
        for (JudgeSpec.Pair pair : parsed.pairs()) {
            String prefix = sidePrefix(metricName, parsed, pair);
            sides.add(new Side(prefix + ".baseline", pair.baselineType(), pair.baseline()));
            sides.add(new Side(prefix + ".canary", pair.canaryType(), pair.canary()));
        }
        return sides;
    }

    private static String sidePrefix(String metricName, JudgeSpec.Parsed parsed, JudgeSpec.Pair pair) {
        return parsed.single() ? metricName : metricName + "." + pair.name();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<String> validate(Map<String, Object> provider) {
        List<String> problems = new ArrayList<>();
        JudgeSpec.Parsed parsed = JudgeSpec.parseLenient(provider, "<metric>", this::known, problems);
        for (JudgeSpec.Pair pair : parsed.pairs()) {
            if (pair.baselineType() != null || pair.canaryType() != null) {
                String at = parsed.single() ? "" : "metrics[" + parsed.pairs().indexOf(pair) + "].";
                validateSide(at + "baseline.", pair.baselineType(), pair.baseline(), problems);
                validateSide(at + "canary.", pair.canaryType(), pair.canary(), problems);
            }
        }
        return problems;
    }

    private void validateSide(String at, String type, Map<String, Object> block, List<String> problems) {
        MetricProvider p = type == null ? null : sides.forSide("", type);
        if (p != null) {
            p.validate(block).forEach(problem -> problems.add(at + type + "." + problem));
        }
    }

    private boolean known(String type) {
        return alsoKnown.contains(type) || sides.forSide("", type) != null;
    }

    @Override
    public CompletableFuture<MetricValue> measure(MeasurementRequest request) {
        List<String> problems = new ArrayList<>();
        JudgeSpec.Parsed parsed = JudgeSpec.parse(request.provider(), request.metricName(), t -> true, problems);
        if (parsed == null) {
            return CompletableFuture.failedFuture(new ProviderException("judge: " + String.join("; ", problems)));
        }
        List<CompletableFuture<double[]>> all = new ArrayList<>();
        List<CompletableFuture<MetricValue>> calls = new ArrayList<>();
        List<CompletableFuture<double[]>[]> perPair = new ArrayList<>();
        for (JudgeSpec.Pair pair : parsed.pairs()) {
            String prefix = sidePrefix(request.metricName(), parsed, pair);
            @SuppressWarnings("unchecked")
            CompletableFuture<double[]>[] both = new CompletableFuture[] {
                side(request, prefix + ".baseline", pair.baselineType(), pair.baseline(), calls),
                side(request, prefix + ".canary", pair.canaryType(), pair.canary(), calls)};
            perPair.add(both);
            all.add(both[0]);
            all.add(both[1]);
        }
        CompletableFuture<MetricValue> result = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    List<MetricVerdict> verdicts = new ArrayList<>();
                    for (int i = 0; i < perPair.size(); i++) {
                        JudgeSpec.Pair pair = parsed.pairs().get(i);
                        verdicts.add(Judge.classify(pair.name(), pair.settings(), perPair.get(i)[0].join(),
                                perPair.get(i)[1].join()));
                    }
                    return judged(Scoring.score(verdicts, parsed.score()), parsed);
                });
        // Cancelling the measurement (timeout, run terminated) cancels the sides' calls.
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                calls.forEach(f -> f.cancel(true));
            }
        });
        return result;
    }

    private static MetricValue judged(CanaryScore score, JudgeSpec.Parsed parsed) {
        AnalysisPhase phase = switch (score.outcome()) {
            case PASS -> AnalysisPhase.Successful;
            case MARGINAL -> AnalysisPhase.Inconclusive;
            case FAIL -> AnalysisPhase.Failed;
        };
        String message;
        if (parsed.single()) {
            message = score.metrics().get(0).message();
            if (!score.reason().isEmpty()) {
                message += "; score 0: " + score.reason();
            }
        } else {
            message = score.message(parsed.score());
        }
        return new MetricValue.Judged(phase, score.score(), message, VerdictDetails.of(score));
    }

    private CompletableFuture<double[]> side(MeasurementRequest request, String name, String type,
            Map<String, Object> block, List<CompletableFuture<MetricValue>> calls) {
        MetricProvider provider = sides.forSide(name, type);
        if (provider == null) {
            return CompletableFuture.failedFuture(new ProviderException("judge " + name
                    + ": no metric provider is registered for \"" + type + "\""));
        }
        MeasurementRequest sideRequest = new MeasurementRequest(request.rolloutId(), request.runName(), name,
                block, request.at(), request.interval(), request.timeout(), request.secrets());
        CompletableFuture<MetricValue> value;
        try {
            value = provider.measure(sideRequest);
        } catch (RuntimeException e) {
            value = CompletableFuture.failedFuture(e);
        }
        calls.add(value);
        return value.handle((v, e) -> {
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                throw new ProviderException("judge " + name + ": " + cause.getMessage(), cause);
            }
            return samples(name, v);
        });
    }

    /** A side's value as a series: a vector's numbers (null = NaN), one number, or nothing. */
    static double[] samples(String name, MetricValue value) {
        if (value == null || value instanceof MetricValue.NoData) {
            return new double[0];
        }
        if (value instanceof MetricValue.Scalar s) {
            return new double[] {number(name, s.value())};
        }
        if (value instanceof MetricValue.Vector v) {
            double[] out = new double[v.values().size()];
            for (int i = 0; i < out.length; i++) {
                Object element = v.values().get(i);
                out[i] = element == null ? Double.NaN : number(name, element);
            }
            return out;
        }
        throw new ProviderException("judge " + name + ": a side must be a series of numbers, was a judged value");
    }

    private static double number(String name, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new ProviderException("judge " + name + ": a side must be a series of numbers, found "
                + (value instanceof String ? "\"" + value + "\"" : String.valueOf(value)));
    }
}
