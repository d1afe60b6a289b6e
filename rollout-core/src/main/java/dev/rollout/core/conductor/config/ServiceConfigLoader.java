package dev.rollout.core.conductor.config;

import java.nio.file.Path;

/** Loads and checks a service config file. Implemented in the config-loader change. */
public final class ServiceConfigLoader {
    private ServiceConfigLoader() {
    }

    /**
     * Loads {@code file}.
     *
     * @throws dev.rollout.api.InvalidSpecException with every problem found, each naming file,
     *     line and field
     */
    public static ServiceConfig load(Path file) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
