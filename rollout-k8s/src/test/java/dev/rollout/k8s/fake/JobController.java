package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Simulates the Job controller: a Job starts on the first tick that sees it ({@code startTime},
 * {@code active: 1}) and ends per its {@link JobOutcome} with {@code succeeded}/{@code failed}, a
 * {@code Complete} or {@code Failed} condition and, on success, {@code completionTime}. Suspended
 * Jobs wait. No Pods are created for Jobs.
 */
public final class JobController implements FakeController {
    private record Rule(Predicate<JsonNode> job, JobOutcome outcome) {
    }

    private final FakeKubeApiServer server;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private volatile JobOutcome defaultOutcome = JobOutcome.succeedAfter(1);
    private long ticks;

    JobController(FakeKubeApiServer server) {
        this.server = server;
    }

    /** Jobs whose pod template runs this image end so (first matching rule wins). */
    public JobController whenImage(String image, JobOutcome outcome) {
        return when(j -> FakeJson.images(j.path("spec").path("template")).contains(image), outcome);
    }

    /** Jobs whose name starts with this prefix end so. */
    public JobController whenNameStartsWith(String prefix, JobOutcome outcome) {
        return when(j -> j.path("metadata").path("name").asText().startsWith(prefix), outcome);
    }

    /** Jobs matching the predicate (over the Job JSON) end so. */
    public JobController when(Predicate<JsonNode> job, JobOutcome outcome) {
        rules.add(new Rule(job, outcome));
        return this;
    }

    /** The outcome of Jobs no rule matches (default: succeed after 1 tick). */
    public JobController defaultOutcome(JobOutcome outcome) {
        this.defaultOutcome = outcome;
        return this;
    }

    @Override
    public synchronized void reconcile() {
        ticks++;
        ResourceType type = server.type("batch/v1", "jobs");
        for (ObjectNode job : server.store().list(type, null)) {
            reconcile(type, job);
        }
    }

    private void reconcile(ResourceType type, ObjectNode job) {
        String ns = job.path("metadata").path("namespace").asText();
        String name = job.path("metadata").path("name").asText();
        String key = ns + "/" + name + "/" + job.path("metadata").path("uid").asText();
        if (finished(job) || job.path("spec").path("suspend").asBoolean(false)) {
            return;
        }
        String now = server.store().now();
        Long start = started.get(key);
        if (start == null) {
            started.put(key, ticks);
            server.store().mutate(type, ns, name, j -> {
                ObjectNode s = j.with("status");
                s.put("startTime", now);
                s.put("active", 1);
                s.put("ready", 0);
                return j;
            });
            start = ticks;
        }
        JobOutcome outcome = outcomeOf(job);
        if (ticks - start < outcome.ticks()) {
            return;
        }
        int completions = job.path("spec").path("completions").asInt(1);
        int backoffLimit = job.path("spec").path("backoffLimit").asInt(6);
        server.store().mutate(type, ns, name, j -> {
            ObjectNode s = j.with("status");
            s.remove("active");
            s.put("ready", 0);
            if (outcome.succeed()) {
                s.put("succeeded", completions);
                s.put("completionTime", now);
                FakeJson.setCondition(s, "SuccessCriteriaMet", "True", "CompletionsReached",
                        "Reached expected number of succeeded pods", now, false);
                FakeJson.setCondition(s, "Complete", "True", "CompletionsReached",
                        "Reached expected number of succeeded pods", now, false);
            } else {
                s.put("failed", backoffLimit + 1);
                FakeJson.setCondition(s, "FailureTarget", "True", "BackoffLimitExceeded", outcome.message(), now, false);
                FakeJson.setCondition(s, "Failed", "True", "BackoffLimitExceeded", outcome.message(), now, false);
            }
            for (JsonNode c : s.withArray("conditions")) {
                ((ObjectNode) c).put("lastProbeTime", now);
            }
            return j;
        });
    }

    private JobOutcome outcomeOf(JsonNode job) {
        for (Rule r : rules) {
            if (r.job.test(job)) {
                return r.outcome;
            }
        }
        return defaultOutcome;
    }

    private static boolean finished(JsonNode job) {
        for (JsonNode c : job.path("status").path("conditions")) {
            String type = c.path("type").asText();
            if (("Complete".equals(type) || "Failed".equals(type)) && "True".equals(c.path("status").asText())) {
                return true;
            }
        }
        return false;
    }
}
