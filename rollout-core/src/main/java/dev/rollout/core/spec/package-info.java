/**
 * Loading Argo-compatible specs. {@link dev.rollout.core.spec.SpecLoader} reads files (several
 * documents each, several files, or directories), dispatches each document by {@code apiVersion}
 * and {@code kind} to a registered {@link dev.rollout.core.yaml.DocumentParser}, and returns
 * {@link dev.rollout.core.spec.LoadedSpecs}, or throws one
 * {@link dev.rollout.api.InvalidSpecException} listing every problem of every file:
 *
 * <pre>{@code
 * LoadedSpecs specs = SpecLoader.withDefaults()
 *         .register("AnalysisTemplate", analysisTemplateParser)
 *         .load(List.of(Path.of("rollout.yaml")));
 * RolloutSpec rollout = specs.rollouts().get(0);
 * }</pre>
 *
 * {@link dev.rollout.core.spec.RolloutParser} reads {@code kind: Rollout} with Argo Rollouts'
 * fields, defaults and validation, and documents which fields are acted upon, accepted and
 * ignored, or rejected as not supported.
 */
package dev.rollout.core.spec;
