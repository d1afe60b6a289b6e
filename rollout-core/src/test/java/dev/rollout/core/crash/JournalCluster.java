package dev.rollout.core.crash;

import dev.rollout.api.MockClock;
import dev.rollout.api.RolloutException;
import dev.rollout.api.cluster.WorkloadRef;
import dev.rollout.api.cluster.WorkloadState;
import dev.rollout.api.model.Revision;
import dev.rollout.api.spi.ClusterTarget;
import dev.rollout.core.embedded.EmbeddedCluster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A cluster that survives its process: an embedded cluster (pods ready at once) whose every
 * write is appended to a journal and fsynced before the call returns, so a process killed right
 * after a write leaves the cluster ahead of the engine's saved state. Opening the journal again
 * replays it. Thread-safe.
 */
public final class JournalCluster implements ClusterTarget, AutoCloseable {
    /** The target's name. */
    public static final String NAME = "journal";

    private final EmbeddedCluster cluster = EmbeddedCluster.builder().name(NAME)
            .clock(new MockClock(Instant.parse("2026-01-01T00:00:00Z"))).build();
    private final FileChannel out;
    private final IntConsumer afterWrite;
    private int writes;

    private JournalCluster(Path journal, IntConsumer afterWrite) throws IOException {
        this.afterWrite = afterWrite;
        if (Files.exists(journal)) {
            for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                apply(line.split(" "));
            }
        }
        this.out = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    /** Opens (replaying) the journal; {@code afterWrite} gets the count of writes made through this instance. */
    public static JournalCluster open(Path journal, IntConsumer afterWrite) {
        try {
            return new JournalCluster(journal, afterWrite);
        } catch (IOException e) {
            throw new RolloutException("cannot open journal " + journal + ": " + e, e);
        }
    }

    /** Deploys a stable revision, as the cluster looks before the rollout; journaled. */
    public synchronized void deploy(WorkloadRef w, String revision, int replicas) {
        record("DEPLOY", w, revision, String.valueOf(replicas));
    }

    private void apply(String[] f) {
        WorkloadRef w = new WorkloadRef(f[1], f[2]);
        switch (f[0]) {
            case "DEPLOY" -> cluster.deploy(w, Revision.of(f[3]), Integer.parseInt(f[4]));
            case "SCALE" -> cluster.scale(w, Revision.of(f[3]), Integer.parseInt(f[4]));
            case "REMOVE" -> cluster.remove(w, f[3]);
            case "MARK_STABLE" -> cluster.markStable(w, Revision.of(f[3]));
            case "SERVICE" -> cluster.pointService(w, f[4], f[3]);
            default -> throw new IllegalStateException("unknown journal line " + String.join(" ", f));
        }
    }

    /** Applies a write and, if it changed anything, journals it durably before returning. */
    private void record(String op, WorkloadRef w, String revision, String arg) {
        String[] f = arg == null ? new String[] {op, w.namespace(), w.name(), revision}
                : new String[] {op, w.namespace(), w.name(), revision, arg};
        int before = cluster.writes();
        apply(f);
        if (cluster.writes() == before && !op.equals("DEPLOY")) {
            return;
        }
        try {
            out.write(ByteBuffer.wrap((String.join(" ", f) + "\n").getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        } catch (IOException e) {
            throw new RolloutException("cannot append to the journal: " + e, e);
        }
        if (!op.equals("DEPLOY")) {
            afterWrite.accept(++writes);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized WorkloadState observe(WorkloadRef workload) {
        return cluster.observe(workload);
    }

    @Override
    public synchronized void scale(WorkloadRef workload, Revision revision, int replicas) {
        record("SCALE", workload, revision.id(), String.valueOf(replicas));
    }

    @Override
    public synchronized void remove(WorkloadRef workload, String revisionId) {
        record("REMOVE", workload, revisionId, null);
    }

    @Override
    public synchronized void pointService(WorkloadRef workload, String service, String revisionId) {
        record("SERVICE", workload, revisionId, service);
    }

    @Override
    public synchronized void markStable(WorkloadRef workload, Revision revision) {
        record("MARK_STABLE", workload, revision.id(), null);
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new RolloutException("cannot close the journal: " + e, e);
        }
    }

    /** The journal's lines, for checks. */
    public static List<String> lines(Path journal) {
        try {
            return Files.readAllLines(journal, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RolloutException("cannot read journal " + journal + ": " + e, e);
        }
    }
}
