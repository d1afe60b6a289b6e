/**
 * The deployment conductor's version store and deploy queue: per service and environment, which
 * revision each cluster runs, the deploy in flight and the one pending request, and their
 * history, kept in a {@link dev.rollout.api.spi.StateStore} by compare-and-set
 * ({@link dev.rollout.core.conductor.versions.VersionStore}).
 *
 * <p>The rules, all decided by the release order and re-decided on every compare-and-set retry:
 * <ul>
 *   <li>A request older than the revision on <em>any</em> recorded cluster is refused, even if it
 *       is newer than others (a partly deployed newer revision still counts as deployed).</li>
 *   <li>While a deploy runs, a request not newer than it is refused; a newer one takes the
 *       pending slot, superseding an older pending request (reported to the submitter and
 *       recorded); one between the running and the pending revision is superseded at once.</li>
 *   <li>The same revision as the running or pending request joins it ({@code Duplicate}); the
 *       revision every cluster already runs, with nothing deploying, is {@code UpToDate}.</li>
 *   <li>Only the request holding the deploy may record a cluster, a failure or the end; the end
 *       hands the pending request the deploy in the same write. Fencing is by request id:
 *       {@code takeOver} changes the owner, not the id, so it is for an owner known to be dead.</li>
 *   <li>A cluster never moves to an older revision except by {@code clusterRolledBack}
 *       (onFailure: rollback) or a deliberate {@code rollbackTo}, which needs nothing deploying.</li>
 * </ul>
 *
 * <p>Storage: key {@code deploys/<service>/<environment>} (names without {@code /}), a JSON
 * document with a {@code schema} number (1; a newer one is refused with a clear error, never
 * overwritten), the last {@value dev.rollout.core.conductor.versions.VersionStore#DEFAULT_HISTORY_LIMIT}
 * history entries and messages cut at
 * {@value dev.rollout.core.conductor.versions.VersionStore#MESSAGE_LIMIT} characters, so a
 * document stays far below a ConfigMap's 1 MiB. The public records print with a plain Jackson
 * {@code ObjectMapper} (no extra modules): instants as ISO-8601 strings, an absent
 * {@code Optional} as {@code null}, an {@link dev.rollout.core.conductor.versions.Admission} with
 * an {@code "outcome"} field naming its kind.
 */
package dev.rollout.core.conductor.versions;
