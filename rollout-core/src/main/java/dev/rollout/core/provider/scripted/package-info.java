/**
 * Scripted metric values for tests and {@code rollout simulate --metrics FILE}. The file format:
 *
 * <pre>{@code
 * metrics:
 *   error-rate:
 *     values: [0.99, [0.97, 0.98], null, {error: "timeout"}, .nan, true, "ok"]
 * }</pre>
 *
 * <p>One value per measurement, in order; the last one repeats. A number or string is a scalar,
 * a list a vector, {@code null} no data, {@code {error: msg}} a provider error,
 * {@code {hang: true}} a provider that never answers, a boolean a job-like outcome (without
 * conditions: true is Successful, false Failed).
 */
package dev.rollout.core.provider.scripted;
