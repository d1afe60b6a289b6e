package dev.rollout.core.conductor.versions;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one environment of a service runs and what is queued for it: a snapshot read from the
 * version store. In JSON the absent {@code deploying} and {@code pending} are {@code null}.
 *
 * @param service the service's name
 * @param environment the environment's name
 * @param clusters each recorded cluster's version, by cluster name (sorted); never null
 * @param deploying the deploy in flight, if any
 * @param pending the request waiting for it, if any (never present without {@code deploying})
 * @param history the last {@link VersionStore#DEFAULT_HISTORY_LIMIT} (or as configured) entries, oldest first
 */
public record EnvironmentVersions(String service, String environment,
        Map<String, ClusterVersion> clusters,
        @JsonSerialize(using = OptionalValueSerializer.class) Optional<DeployTicket> deploying,
        @JsonSerialize(using = OptionalValueSerializer.class) Optional<DeployTicket> pending,
        List<HistoryEntry> history) {

    public EnvironmentVersions {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(environment, "environment");
        clusters = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(clusters)));
        Objects.requireNonNull(deploying, "deploying");
        Objects.requireNonNull(pending, "pending");
        history = List.copyOf(history);
    }

    /** An environment with nothing recorded. */
    public static EnvironmentVersions empty(String service, String environment) {
        return new EnvironmentVersions(service, environment, Map.of(), Optional.empty(),
                Optional.empty(), List.of());
    }

    /**
     * The clusters the deploy in flight has finished: they run its revision and were put there by
     * its request. A resumed deploy skips them. Empty when nothing is deploying.
     */
    public Set<String> clustersDone() {
        Set<String> done = new TreeSet<>();
        deploying.ifPresent(ticket -> clusters.values().stream()
                .filter(c -> c.requestId().equals(ticket.requestId())
                        && c.revision().id().equals(ticket.revision().id()))
                .forEach(c -> done.add(c.cluster())));
        return Collections.unmodifiableSet(done);
    }
}
