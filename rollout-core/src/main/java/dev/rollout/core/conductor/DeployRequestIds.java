package dev.rollout.core.conductor;

import java.util.UUID;

/** Fresh request ids. */
final class DeployRequestIds {
    private DeployRequestIds() {
    }

    static String next() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
