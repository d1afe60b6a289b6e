package dev.rollout.core.secret;

import dev.rollout.api.Secret;
import dev.rollout.api.spi.SecretResolver;
import java.util.List;
import java.util.Optional;

/** Combines secret resolvers. */
public final class SecretResolvers {
    private SecretResolvers() {
    }

    /** Asks each resolver in turn; the first that has the secret answers. */
    public static SecretResolver firstOf(SecretResolver... resolvers) {
        List<SecretResolver> list = List.of(resolvers);
        return new SecretResolver() {
            @Override
            public Optional<Secret> resolve(String namespace, String name, String key) {
                for (SecretResolver r : list) {
                    Optional<Secret> s = r.resolve(namespace, name, key);
                    if (s.isPresent()) {
                        return s;
                    }
                }
                return Optional.empty();
            }

            @Override
            public String toString() {
                return "firstOf" + list;
            }
        };
    }
}
