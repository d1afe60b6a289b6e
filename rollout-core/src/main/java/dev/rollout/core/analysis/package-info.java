/**
 * Analysis runs with Argo Rollouts' semantics (DESIGN §4): {@link
 * dev.rollout.core.analysis.DefaultAnalysisLauncher} runs {@code AnalysisTemplate}s held in a
 * {@link dev.rollout.core.analysis.TemplateRegistry}, measuring each metric through its
 * {@code MetricProvider} on the injected scheduler.
 *
 * <p>Documented choices where Argo leaves room:
 * <ul>
 *   <li>After an Error the next measurement comes 10 s later instead of the interval (Argo's
 *       {@code DefaultErrorRetryInterval}).</li>
 *   <li>{@code consecutiveSuccess} counts Successful measurements in a row; a Failed,
 *       Inconclusive or Error measurement resets it.</li>
 *   <li>A run that is terminated or cancelled cancels its in-flight measurements (their futures are
 *       cancelled, so providers stop) and assesses the metrics as terminated: a metric that has not
 *       reached a limit is Successful.</li>
 *   <li>Args are taken from the rollout's {@code args}, then from the request's {@code context},
 *       then from the template's {@code value}; {@code valueFrom.secretKeyRef} through the
 *       launcher's {@code SecretResolver}, redacted from every message.</li>
 *   <li>A metric whose provider type has no registered provider (and is not scripted) makes the
 *       run Error at once, rather than after five errored measurements.</li>
 *   <li>Measurements are logged at DEBUG, metric and run completions at INFO.</li>
 * </ul>
 */
package dev.rollout.core.analysis;
