package dev.rollout.k8s.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * Jobs wait. One Pod per Job (labels {@code job-name}, {@code batch.kubernetes.io/job-name},
 * {@code controller-uid}; owned by the Job) goes Running, then Succeeded or Failed with a
 * terminated container (exit code 0 or 1); its {@code /log} answers {@link JobOutcome#logs()}.
 * Approximation: a failed Job reports {@code failed: backoffLimit + 1} but has only that one Pod.
 */
public final class JobController implements FakeController {
    private record Rule(Predicate<JsonNode> job, JobOutcome outcome) {
    }

    private final FakeKubeApiServer server;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private volatile JobOutcome defaultOutcome = JobOutcome.succeedAfter(1);
    private long ticks;
    private long podNames;

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
            createPod(job, outcomeOf(job));
            server.store().mutate(type, ns, name, j -> {
                ObjectNode s = j.withObjectProperty("status");
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
        finishPod(job, outcome.succeed());
        int completions = job.path("spec").path("completions").asInt(1);
        int backoffLimit = job.path("spec").path("backoffLimit").asInt(6);
        server.store().mutate(type, ns, name, j -> {
            ObjectNode s = j.withObjectProperty("status");
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

    private void createPod(JsonNode job, JobOutcome outcome) {
        String ns = job.path("metadata").path("namespace").asText();
        String jobName = job.path("metadata").path("name").asText();
        String uid = job.path("metadata").path("uid").asText();
        JsonNode template = job.path("spec").path("template");
        ObjectNode pod = ApiHandler.JSON.createObjectNode();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        meta.put("name", jobName + "-" + FakeJson.suffix(++podNames));
        ObjectNode labels = template.path("metadata").path("labels").isObject()
                ? ((ObjectNode) template.path("metadata").path("labels")).deepCopy() : meta.objectNode();
        labels.put("job-name", jobName).put("batch.kubernetes.io/job-name", jobName)
                .put("controller-uid", uid).put("batch.kubernetes.io/controller-uid", uid);
        meta.set("labels", labels);
        meta.putArray("ownerReferences").add(FakeJson.ownerRef(job, "batch/v1", "Job"));
        pod.set("spec", template.path("spec").deepCopy());
        ResourceType podType = server.type("v1", "pods");
        String podName = server.store().create(podType, ns, pod).path("metadata").path("name").asText();
        String now = server.store().now();
        server.store().mutate(podType, ns, podName, p -> {
            p.withObjectProperty("status").put("phase", "Running").put("startTime", now);
            return p;
        });
        server.podLogs().put(ns, podName, outcome.logs());
    }

    private void finishPod(JsonNode job, boolean succeeded) {
        String ns = job.path("metadata").path("namespace").asText();
        String uid = job.path("metadata").path("uid").asText();
        ResourceType podType = server.type("v1", "pods");
        String now = server.store().now();
        for (ObjectNode pod : server.store().list(podType, ns)) {
            if (!FakeJson.ownedBy(pod, uid)) {
                continue;
            }
            server.store().mutate(podType, ns, pod.path("metadata").path("name").asText(), p -> {
                ObjectNode status = p.withObjectProperty("status");
                status.put("phase", succeeded ? "Succeeded" : "Failed");
                ArrayNode statuses = status.putArray("containerStatuses");
                for (JsonNode c : p.path("spec").path("containers")) {
                    ObjectNode cs = statuses.addObject();
                    cs.put("name", c.path("name").asText());
                    cs.put("image", c.path("image").asText());
                    cs.put("imageID", "docker-pullable://" + c.path("image").asText());
                    cs.put("ready", false);
                    cs.put("restartCount", 0);
                    cs.put("started", false);
                    cs.putObject("state").putObject("terminated").put("exitCode", succeeded ? 0 : 1)
                            .put("reason", succeeded ? "Completed" : "Error")
                            .put("startedAt", status.path("startTime").asText(now)).put("finishedAt", now);
                }
                return p;
            });
        }
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
