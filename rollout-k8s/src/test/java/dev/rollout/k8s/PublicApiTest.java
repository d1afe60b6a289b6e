package dev.rollout.k8s;

import dev.rollout.api.arch.PublicApiContract;
import java.util.List;

/** This module's public API (see PublicApiContract); a new exception must be listed here. */
class PublicApiTest extends PublicApiContract {
    PublicApiTest() {
        super("dev.rollout.k8s",
                List.of(
                        "dev.rollout.k8s.internal.KubeCallException"),
                List.of());
    }
}
