package dev.rollout.core.crash;

import dev.rollout.api.analysis.AnalysisPhase;
import dev.rollout.api.model.RolloutPhase;
import dev.rollout.api.spi.StateStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Kills a {@link CrashChild} process with SIGKILL ({@link Process#destroyForcibly()}) at a seeded
 * crash point, resumes its rollout in this process with {@code resumeAll()} on the same state
 * store and journal cluster, and checks the journal: the same final phase as an uninterrupted
 * run, never more than R + maxSurge pods, never fewer than R − maxUnavailable (pods are ready at
 * once, so desired pods are available pods), the old revision never scaled up once the new one
 * is marked stable.
 */
public final class CrashSuite {
    private final String storeClass;
    private final Map<AnalysisPhase, Baseline> baselines = new HashMap<>();
    /** A class-data archive the children share (dumped by a first child that runs to the end). */
    private volatile Path classArchive;

    /** A suite whose child and resumed engine open the store with {@code storeClass.open(Path)}. */
    public CrashSuite(Class<?> storeClass) {
        this.storeClass = storeClass.getName();
    }

    /** What an uninterrupted run does: its final phase, cluster writes and state saves. */
    public record Baseline(RolloutPhase phase, int writes, int saves, List<String> violations) {
    }

    /** One seed's crash and resume. */
    public record Outcome(int seed, AnalysisPhase analysis, String kind, int point, RolloutPhase expected,
            RolloutPhase resumed, List<String> violations) {
        /** Whether the resumed run ended as the uninterrupted one did, within every bound. */
        public boolean survived() {
            return expected == resumed && violations.isEmpty();
        }
    }

    /** Opens the store of a run directory. */
    public StateStore store(Path dir) {
        try {
            return (StateStore) Class.forName(storeClass).getMethod("open", Path.class).invoke(null, dir);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot open the store with " + storeClass, e);
        }
    }

    /** The uninterrupted run for an analysis outcome, in this process, in {@code dir}. */
    public synchronized Baseline baseline(Path dir, AnalysisPhase analysis) {
        Baseline known = baselines.get(analysis);
        if (known != null) {
            return known;
        }
        Path journal = dir.resolve("cluster.log");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int[] saves = {0};
        RolloutPhase phase;
        try (JournalCluster cluster = JournalCluster.open(journal, w -> { })) {
            StateStore store = new CrashChild.CountingStore(store(dir), n -> saves[0] = n);
            phase = CrashScenario.runFromStart(dir, cluster, store, analysis);
        }
        List<String> lines = JournalCluster.lines(journal);
        Baseline b = new Baseline(phase, lines.size() - 1, saves[0], violations(lines));
        baselines.put(analysis, b);
        return b;
    }

    /**
     * Runs seeds 1..{@code seeds} under {@code dir}, three children at a time, after the two
     * uninterrupted runs and a warm-up child.
     */
    public List<Outcome> runSeeds(Path dir, int seeds) throws Exception {
        baseline(dir.resolve("baseline").resolve("Successful"), AnalysisPhase.Successful);
        baseline(dir.resolve("baseline").resolve("Failed"), AnalysisPhase.Failed);
        warmUp(dir.resolve("warm-up"));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Outcome>> runs = new ArrayList<>();
            for (int seed = 1; seed <= seeds; seed++) {
                int s = seed;
                runs.add(pool.submit(() -> run(dir.resolve("seed-" + s), dir.resolve("baseline"), s)));
            }
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> run : runs) {
                out.add(run.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs seed {@code seed} in {@code dir}, an empty directory. */
    public Outcome run(Path dir, Path baselineDir, int seed) throws IOException, InterruptedException {
        SplittableRandom random = new SplittableRandom(seed);
        // One seed in four has an analysis that fails: that run ends Degraded after an abort.
        AnalysisPhase analysis = seed % 4 == 0 ? AnalysisPhase.Failed : AnalysisPhase.Successful;
        Baseline expected = baseline(baselineDir.resolve(analysis.name()), analysis);
        String kind = random.nextBoolean() ? "write" : "save";
        int point = 1 + random.nextInt(kind.equals("write") ? expected.writes() : expected.saves());
        kill(dir, kind, point, analysis);
        Path journal = dir.resolve("cluster.log");
        RolloutPhase resumed;
        try (JournalCluster cluster = JournalCluster.open(journal, w -> { })) {
            resumed = CrashScenario.resume(cluster, store(dir), analysis);
        }
        return new Outcome(seed, analysis, kind, point, expected.phase(), resumed,
                violations(JournalCluster.lines(journal)));
    }

    /**
     * Runs one child to the end (no crash point) and keeps the classes it loaded in an archive
     * the killed children start from, which halves their start-up; without one they start as usual.
     */
    public void warmUp(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path archive = dir.resolve("classes.jsa");
        Process child = child(dir, "none", 0, AnalysisPhase.Successful,
                "-XX:ArchiveClassesAtExit=" + archive).start();
        child.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (child.waitFor(120, TimeUnit.SECONDS) && child.exitValue() == 0 && Files.exists(archive)) {
            classArchive = archive;
        }
    }

    private ProcessBuilder child(Path dir, String kind, int point, AnalysisPhase analysis, String vmOption) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"));
        if (vmOption != null) {
            command.add(vmOption);
        }
        command.addAll(List.of("-cp", cp, CrashChild.class.getName(), dir.toString(), kind,
                String.valueOf(point), analysis.name(), storeClass));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private void kill(Path dir, String kind, int point, AnalysisPhase analysis)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path archive = classArchive;
        Process child = child(dir, kind, point, analysis,
                archive == null ? null : "-XX:SharedArchiveFile=" + archive).start();
        CompletableFuture<String> marker = CompletableFuture.supplyAsync(() -> {
            StringBuilder seen = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.equals(CrashChild.MARKER)) {
                        return CrashChild.MARKER;
                    }
                    seen.append(line).append('\n');
                }
            } catch (IOException e) {
                seen.append(e);
            }
            return seen.toString();
        });
        try {
            String got = marker.get(120, TimeUnit.SECONDS);
            if (!got.equals(CrashChild.MARKER)) {
                throw new IllegalStateException("child ended before crash point " + kind + " " + point
                        + ":\n" + got);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("child did not reach crash point " + kind + " " + point, e);
        } finally {
            // SIGKILL: no shutdown hook, no flush, nothing after the crash point runs.
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** Every bound the journal breaks, one line each. */
    public static List<String> violations(List<String> lines) {
        List<String> out = new ArrayList<>();
        Map<String, Integer> desired = new HashMap<>();
        boolean promoted = false;
        int max = CrashScenario.REPLICAS + CrashScenario.MAX_SURGE;
        int min = CrashScenario.REPLICAS - CrashScenario.MAX_UNAVAILABLE;
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(" ");
            String rev = f[3];
            switch (f[0]) {
                case "DEPLOY" -> {
                    desired.clear();
                    desired.put(rev, Integer.parseInt(f[4]));
                }
                case "SCALE" -> {
                    int n = Integer.parseInt(f[4]);
                    if (promoted && rev.equals("v1") && n > desired.getOrDefault(rev, 0)) {
                        out.add("line " + (i + 1) + ": old revision scaled up after promotion: " + lines.get(i));
                    }
                    desired.put(rev, n);
                }
                case "REMOVE" -> desired.remove(rev);
                case "MARK_STABLE" -> promoted |= rev.equals("v2");
                default -> { }
            }
            int total = desired.values().stream().mapToInt(Integer::intValue).sum();
            if (total > max || total < min) {
                out.add("line " + (i + 1) + ": " + total + " pods outside [" + min + ", " + max + "]: "
                        + lines.get(i));
            }
        }
        return out;
    }
}
