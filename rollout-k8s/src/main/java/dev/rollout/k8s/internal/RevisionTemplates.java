package dev.rollout.k8s.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.rollout.api.TargetException;
import dev.rollout.api.model.Revision;
import dev.rollout.k8s.RolloutLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@link Revision} into a pod template: the user's template with the revision's image
 * and the revision label. Attributes: {@code image} (required unless copied from an existing
 * template) and {@code container} (which container; required when the pod has several).
 */
public final class RevisionTemplates {
    /** Revision attribute: the image to run. */
    public static final String IMAGE = "image";
    /** Revision attribute: the container whose image is set. */
    public static final String CONTAINER = "container";

    private RevisionTemplates() {
    }

    /**
     * A copy of {@code template} running {@code revision}: its image where the revision names
     * one, else the images of {@code source} (a template already running the revision), plus
     * the revision label and id annotation.
     */
    public static JsonObject stamp(JsonObject template, Revision revision,
            Optional<JsonObject> source, String where) {
        JsonObject copy = template.deepCopy();
        JsonArray containers = Json.arr(copy, "spec", "containers");
        String image = revision.attributes().get(IMAGE);
        if (image != null) {
            containerFor(containers, revision, where).addProperty("image", image);
        } else if (source.isPresent()) {
            copyImages(source.get(), containers);
        } else {
            throw new TargetException(where + ": revision " + revision.id()
                    + " has no attribute '" + IMAGE + "' to run");
        }
        Json.ensure(copy, "metadata", "labels")
                .addProperty(RolloutLabels.REVISION, Names.labelValue(revision.id()));
        JsonObject annotations = Json.ensure(copy, "metadata", "annotations");
        annotations.addProperty(RolloutLabels.REVISION_ID, revision.id());
        annotations.addProperty(RolloutLabels.IMAGES, images(copy));
        return copy;
    }

    /**
     * The revision a template runs: the id it was stamped with while its images are unchanged,
     * else the image of its first container (a Deployment rollout never touched).
     */
    public static String revisionOf(JsonObject template) {
        Optional<String> id = Json.str(template, "metadata", "annotations", RolloutLabels.REVISION_ID);
        Optional<String> stampedImages =
                Json.str(template, "metadata", "annotations", RolloutLabels.IMAGES);
        if (id.isPresent() && stampedImages.map(images(template)::equals).orElse(true)) {
            return id.get();
        }
        JsonArray containers = Json.arr(template, "spec", "containers");
        if (containers.isEmpty() || !containers.get(0).isJsonObject()) {
            return "unknown";
        }
        return Json.str(containers.get(0).getAsJsonObject(), "image").orElse("unknown");
    }

    /** Whether the template's pods carry the revision label of {@code revisionId}. */
    public static boolean isLabelled(JsonObject template, String revisionId) {
        return Json.str(template, "metadata", "labels", RolloutLabels.REVISION)
                .map(Names.labelValue(revisionId)::equals).orElse(false);
    }

    /** {@code name=image} of every container, comma-separated, in order. */
    public static String images(JsonObject template) {
        List<String> out = new ArrayList<>();
        for (JsonElement c : Json.arr(template, "spec", "containers")) {
            if (c.isJsonObject()) {
                out.add(Json.str(c.getAsJsonObject(), "name").orElse("") + "="
                        + Json.str(c.getAsJsonObject(), "image").orElse(""));
            }
        }
        return String.join(",", out);
    }

    private static JsonObject containerFor(JsonArray containers, Revision revision, String where) {
        String wanted = revision.attributes().get(CONTAINER);
        List<String> names = new ArrayList<>();
        for (JsonElement c : containers) {
            if (!c.isJsonObject()) {
                continue;
            }
            String name = Json.str(c.getAsJsonObject(), "name").orElse("");
            names.add(name);
            if (name.equals(wanted)) {
                return c.getAsJsonObject();
            }
        }
        if (wanted != null) {
            throw new TargetException(where + ": revision " + revision.id() + ": attribute '"
                    + CONTAINER + "' names " + wanted + ", but the pod has containers " + names);
        }
        if (names.size() != 1) {
            throw new TargetException(where + ": revision " + revision.id() + ": attribute '"
                    + CONTAINER + "' is required when the pod has containers " + names);
        }
        return containers.get(0).getAsJsonObject();
    }

    private static void copyImages(JsonObject source, JsonArray containers) {
        JsonArray from = Json.arr(source, "spec", "containers");
        for (JsonElement c : containers) {
            String name = Json.str(c.getAsJsonObject(), "name").orElse("");
            for (JsonElement s : from) {
                if (name.equals(Json.str(s.getAsJsonObject(), "name").orElse(null))) {
                    c.getAsJsonObject().add("image", s.getAsJsonObject().get("image"));
                }
            }
        }
    }
}
