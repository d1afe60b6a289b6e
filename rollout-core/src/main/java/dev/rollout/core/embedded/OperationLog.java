package dev.rollout.core.embedded;

import dev.rollout.api.Clock;
import dev.rollout.api.cluster.WorkloadRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The cluster's record of calls, applied writes and failures waiting to be injected. Not
 * thread-safe: guarded by the cluster's lock.
 */
final class OperationLog {
    private final Clock clock;
    private final List<OperationRecord> records = new ArrayList<>();
    private final Map<Operation, Integer> calls = new EnumMap<>(Operation.class);
    private final Map<Operation, Deque<RuntimeException>> failures = new EnumMap<>(Operation.class);

    OperationLog(Clock clock) {
        this.clock = clock;
    }

    /** Counts a call and throws the failure queued for it, if any, before anything changes. */
    void begin(Operation operation) {
        calls.merge(operation, 1, Integer::sum);
        Deque<RuntimeException> queued = failures.get(operation);
        if (queued != null && !queued.isEmpty()) {
            throw queued.poll();
        }
    }

    void failNext(Operation operation, RuntimeException failure) {
        failures.computeIfAbsent(operation, key -> new ArrayDeque<>()).add(failure);
    }

    void record(Operation operation, WorkloadRef workload, String revision, OptionalInt replicas,
            OptionalInt weight, Optional<String> service) {
        records.add(new OperationRecord(operation, workload, revision, replicas, weight, service,
                clock.instant()));
    }

    List<OperationRecord> records() {
        return List.copyOf(records);
    }

    List<OperationRecord> records(WorkloadRef workload) {
        return records.stream().filter(record -> record.workload().equals(workload)).toList();
    }

    int writes() {
        return records.size();
    }

    int writes(Operation operation) {
        return (int) records.stream().filter(record -> record.operation() == operation).count();
    }

    int calls(Operation operation) {
        return calls.getOrDefault(operation, 0);
    }
}
