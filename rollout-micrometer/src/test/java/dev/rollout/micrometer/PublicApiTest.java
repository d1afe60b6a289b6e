package dev.rollout.micrometer;

import dev.rollout.api.arch.PublicApiContract;
import java.util.List;

/** This module's public API (see PublicApiContract); a new exception must be listed here. */
class PublicApiTest extends PublicApiContract {
    PublicApiTest() {
        super("dev.rollout.micrometer",
                List.of(),
                List.of());
    }
}
