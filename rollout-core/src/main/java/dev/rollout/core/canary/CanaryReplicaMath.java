package dev.rollout.core.canary;

import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.model.IntOrPercent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replica counts of a canary, as Argo Rollouts computes them. Pure functions, thread-safe.
 */
public final class CanaryReplicaMath {
    private CanaryReplicaMath() {
    }

    /**
     * The canary and stable replica counts for a basic canary (no traffic router).
     *
     * @param replicas R, the desired replica count
     * @param weight the canary weight w, 0..100
     * @param maxSurge the resolved maxSurge s (pods allowed above R)
     */
    public static Split basic(int replicas, int weight, int maxSurge) {
        checkWeight(weight);
        int r = replicas;
        int ceil = ceilPercent(r, weight);
        int floor = (int) ((long) r * weight / 100);
        boolean zeroAllowed = weight == 0 || weight == 100 || (r == 1 && maxSurge == 0);
        Split best = null;
        // Candidates in tie-break order: ceil before floor, R before R+1.
        int[][] candidates = maxSurge > 0
                ? new int[][] {{ceil, r}, {floor, r}, {ceil, r + 1}, {floor, r + 1}}
                : new int[][] {{ceil, r}, {floor, r}};
        for (int i = 0; i < candidates.length; i++) {
            int canary = candidates[i][0];
            int total = candidates[i][1];
            if (i % 2 == 1 && floor == ceil) {
                continue;
            }
            int stable = total - canary;
            if (stable < 0 || ((canary == 0 || stable == 0) && !zeroAllowed)) {
                continue;
            }
            Split candidate = new Split(canary, stable);
            if (best == null || closer(candidate, best, weight)) {
                best = candidate;
            }
        }
        if (best == null) {
            // Only reachable for R = 0: nothing to split.
            return new Split(0, 0);
        }
        return best;
    }

    /** With a traffic router: the canary runs ceil(R·w/100) replicas. */
    public static int routedCanaryReplicas(int replicas, int weight) {
        checkWeight(weight);
        return ceilPercent(replicas, weight);
    }

    /** With a router and {@code dynamicStableScale}: stable keeps ceil(R·(100−w)/100) replicas. */
    public static int dynamicStableReplicas(int replicas, int weight) {
        checkWeight(weight);
        return ceilPercent(replicas, 100 - weight);
    }

    /**
     * Resolves maxSurge (a percentage rounds up) and maxUnavailable (rounds down) against R;
     * when both resolve to 0, maxUnavailable is 1.
     *
     * @throws InvalidSpecException when both are set to 0
     */
    public static Limits limits(int replicas, IntOrPercent maxSurge, IntOrPercent maxUnavailable) {
        List<InvalidSpecException.SpecProblem> problems = new ArrayList<>();
        percentProblem(maxSurge).ifPresent(p -> problems.add(new InvalidSpecException.SpecProblem(
                "<inline>", 0, "spec.strategy.canary.maxSurge", p)));
        percentProblem(maxUnavailable).ifPresent(p -> problems.add(new InvalidSpecException.SpecProblem(
                "<inline>", 0, "spec.strategy.canary.maxUnavailable", p)));
        if (!problems.isEmpty()) {
            throw new InvalidSpecException(problems);
        }
        if (maxSurge.value() == 0 && maxUnavailable.value() == 0) {
            throw new InvalidSpecException(new InvalidSpecException.SpecProblem("<inline>", 0,
                    "spec.strategy.canary.maxUnavailable",
                    "maxSurge and maxUnavailable must not both be 0"));
        }
        int surge = maxSurge.resolve(replicas, true);
        int unavailable = maxUnavailable.resolve(replicas, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new Limits(surge, unavailable);
    }

    /**
     * Why {@code value} cannot be a maxSurge or maxUnavailable: a percentage above 100%; the
     * loader and the engine both say it in these words.
     */
    public static Optional<String> percentProblem(IntOrPercent value) {
        return value.percent() && value.value() > 100
                ? Optional.of("must be a percentage within 0%..100%, was " + value) : Optional.empty();
    }

    private static boolean closer(Split a, Split b, int weight) {
        // Compare |a.canary/a.total - w/100| < |b.canary/b.total - w/100| exactly, in integers.
        long ta = a.canary() + a.stable();
        long tb = b.canary() + b.stable();
        long da = Math.abs(100L * a.canary() - (long) weight * ta);
        long db = Math.abs(100L * b.canary() - (long) weight * tb);
        return da * tb < db * ta;
    }

    private static int ceilPercent(int total, int percent) {
        return (int) (((long) total * percent + 99) / 100);
    }

    private static void checkWeight(int weight) {
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be 0..100, was " + weight);
        }
    }

    /** Replicas of the canary and the stable revision. */
    public record Split(int canary, int stable) {
    }

    /** Resolved maxSurge and maxUnavailable. */
    public record Limits(int maxSurge, int maxUnavailable) {
    }
}
