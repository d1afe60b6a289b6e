package dev.rollout.core.conductor.versions;

import dev.rollout.api.model.Revision;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/** Test revisions {@code v1, v2, ...} whose release order is their number. */
final class Releases {
    static final Comparator<Revision> ORDER =
            Comparator.comparingInt(r -> Integer.parseInt(r.id().substring(1)));

    private Releases() {
    }

    static Revision v(int n) {
        return new Revision("v" + n, Map.of("image", "shop:" + n));
    }

    static DeployTicket ticket(String requestId, int n) {
        return new DeployTicket(requestId, v(n), "owner-" + requestId,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    static int number(String revisionId) {
        return Integer.parseInt(revisionId.substring(1));
    }
}
