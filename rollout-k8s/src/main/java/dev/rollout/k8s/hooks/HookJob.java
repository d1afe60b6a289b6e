package dev.rollout.k8s.hooks;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import dev.rollout.api.InvalidSpecException;
import dev.rollout.api.model.Revision;
import dev.rollout.k8s.internal.Json;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Job to run around a rollout (a database migration before, a smoke test after), given as a
 * {@code batch/v1} Job in JSON. String values may use {@code {{revision.id}}} and
 * {@code {{revision.<attribute>}}} (for example {@code {{revision.image}}}), replaced for the
 * revision being rolled out. The Job gets {@code activeDeadlineSeconds = timeout}, so Kubernetes
 * stops it too. Immutable.
 *
 * @param template the Job as JSON text; {@code metadata.name} is the base of each run's name
 * @param timeout how long a run may take before it counts as failed
 */
public record HookJob(String template, Duration timeout) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*revision\\.([A-Za-z0-9_.-]+)\\s*}}");

    public HookJob {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        JsonObject parsed = parse(template);
        if (Json.str(parsed, "metadata", "name").isEmpty()) {
            throw problem("metadata.name", "is required");
        }
        if (Json.obj(parsed, "spec", "template").isEmpty()) {
            throw problem("spec.template", "is required");
        }
    }

    /** The Job base name. */
    public String baseName() {
        return Json.str(parse(template), "metadata", "name").orElseThrow();
    }

    /** The Job for {@code revision}, placeholders replaced; a spec error for an unknown one. */
    public JsonObject render(Revision revision) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = "id".equals(key) ? revision.id() : revision.attributes().get(key);
            if (value == null) {
                throw problem("{{revision." + key + "}}", "revision " + revision.id()
                        + " has no attribute " + key + " (has " + revision.attributes().keySet() + ")");
            }
            // The value lands inside a JSON string: escape it as one.
            String escaped = new com.google.gson.JsonPrimitive(value).toString();
            m.appendReplacement(out, Matcher.quoteReplacement(
                    escaped.substring(1, escaped.length() - 1)));
        }
        m.appendTail(out);
        JsonObject job = parse(out.toString());
        job.addProperty("apiVersion", "batch/v1");
        job.addProperty("kind", "Job");
        Json.ensure(job, "spec").addProperty("activeDeadlineSeconds",
                Math.max(1, timeout.toSeconds()));
        return job;
    }

    private static JsonObject parse(String json) {
        try {
            return JsonParser.parseString(json).getAsJsonObject();
        } catch (JsonSyntaxException | IllegalStateException e) {
            throw problem("(document)", "is not a JSON object: " + e.getMessage());
        }
    }

    private static InvalidSpecException problem(String field, String message) {
        return new InvalidSpecException(new InvalidSpecException.SpecProblem("<hook job>", 0,
                field, message));
    }
}
