/**
 * {@code SecretResolver}s for {@code valueFrom.secretKeyRef} args outside Kubernetes.
 *
 * <ul>
 *   <li>{@link dev.rollout.core.secret.EnvironmentSecretResolver}: variable
 *       {@code ROLLOUT_SECRET_<NAME>_<KEY>}, name and key upper-cased with every character other
 *       than a letter or digit turned into {@code _} ({@code {name: datadog-keys, key: api-key}} →
 *       {@code ROLLOUT_SECRET_DATADOG_KEYS_API_KEY}); the namespace is ignored.</li>
 *   <li>{@link dev.rollout.core.secret.FileSecretResolver}: file
 *       {@code <dir>/<namespace>/<name>/<key>}, else {@code <dir>/<name>/<key>} (the layout of a
 *       mounted Kubernetes Secret); one trailing newline is dropped.</li>
 *   <li>{@link dev.rollout.core.secret.SecretResolvers#firstOf} chains them.</li>
 * </ul>
 */
package dev.rollout.core.secret;
