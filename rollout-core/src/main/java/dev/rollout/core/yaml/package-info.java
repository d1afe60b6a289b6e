/**
 * Shared YAML reading with locations: {@link dev.rollout.core.yaml.YamlFiles} reads files of one
 * or more {@code ---} documents into {@link dev.rollout.core.yaml.YamlNode} trees that know their
 * file, line and field path; {@link dev.rollout.core.yaml.SpecReader} and
 * {@link dev.rollout.core.yaml.YamlObject} read typed values from them, declare each object's
 * known fields and collect every problem into {@link dev.rollout.core.yaml.Problems} rather than
 * stopping at the first; {@link dev.rollout.core.yaml.DocumentParser} is what a parser for one
 * {@code kind} implements; {@link dev.rollout.api.Durations} parses Argo/Go durations.
 *
 * <p>Problems read {@code file:line: field.path: message}, for example
 * {@code rollout.yaml:14: spec.strategy.canary.steps[2].setWeight: must be 0..100, was 150}.
 */
package dev.rollout.core.yaml;
