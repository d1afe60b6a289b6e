package dev.rollout.api.spi;

import dev.rollout.api.Secret;
import java.util.Optional;

/** Resolves {@code valueFrom.secretKeyRef} of analysis args: environment, files, Kubernetes Secrets. */
@FunctionalInterface
public interface SecretResolver {

    /** The value of {@code key} in the secret {@code name} of {@code namespace}, if it exists. */
    Optional<Secret> resolve(String namespace, String name, String key);
}
