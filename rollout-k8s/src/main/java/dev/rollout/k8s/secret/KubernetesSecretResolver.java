package dev.rollout.k8s.secret;

import com.google.gson.JsonObject;
import dev.rollout.api.Secret;
import dev.rollout.api.TargetException;
import dev.rollout.api.spi.SecretResolver;
import dev.rollout.k8s.KubernetesConnection;
import dev.rollout.k8s.internal.Gvr;
import dev.rollout.k8s.internal.Json;
import dev.rollout.k8s.internal.Kube;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Resolves {@code valueFrom.secretKeyRef} from Kubernetes Secrets: {@code data} values are
 * base64-decoded, {@code stringData} is not (the API server normally folds it into data). The
 * value is wrapped in {@link Secret} at once and never logged. Thread-safe.
 */
public final class KubernetesSecretResolver implements SecretResolver {
    private final Kube kube;

    /** A resolver reading Secrets through the connection's client. */
    public KubernetesSecretResolver(KubernetesConnection connection) {
        this.kube = new Kube(connection.client());
    }

    @Override
    public Optional<Secret> resolve(String namespace, String name, String key) {
        Optional<JsonObject> secret = kube.get(Gvr.SECRETS, namespace, name);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> encoded = Json.str(secret.get(), "data", key);
        if (encoded.isPresent()) {
            try {
                return Optional.of(Secret.of(new String(
                        Base64.getMimeDecoder().decode(encoded.get()), StandardCharsets.UTF_8)));
            } catch (IllegalArgumentException e) {
                // Never echo the value: only where it came from.
                throw new TargetException("Secret " + namespace + "/" + name + " key " + key
                        + " is not valid base64");
            }
        }
        return Json.str(secret.get(), "stringData", key).map(Secret::of);
    }
}
