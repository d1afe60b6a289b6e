package dev.rollout.http;

import dev.rollout.api.arch.PublicApiContract;
import java.util.List;

/** This module's public API (see PublicApiContract); a new exception must be listed here. */
class PublicApiTest extends PublicApiContract {
    PublicApiTest() {
        super("dev.rollout.http",
                List.of(),
                List.of(
                        // package-private: the redacted stand-in for a transport failure, carried only as
                        // the cause of a ProviderException (its type name and a secret-free message)
                        "dev.rollout.http.Exchange$SanitizedCause"));
    }
}
