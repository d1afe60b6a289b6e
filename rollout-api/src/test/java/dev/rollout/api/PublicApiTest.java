package dev.rollout.api;

import dev.rollout.api.arch.PublicApiContract;
import java.util.List;

/** This module's public API (see PublicApiContract); a new exception must be listed here. */
class PublicApiTest extends PublicApiContract {
    PublicApiTest() {
        super("dev.rollout.api",
                List.of(
                        "dev.rollout.api.ConflictException",
                        "dev.rollout.api.InvalidSpecException",
                        "dev.rollout.api.ProviderException",
                        "dev.rollout.api.RolloutException",
                        "dev.rollout.api.TargetException",
                        "dev.rollout.api.WorkloadNotFoundException"),
                List.of());
    }
}
