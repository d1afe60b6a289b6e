/**
 * Loading {@code AnalysisTemplate} / {@code ClusterAnalysisTemplate} YAML with every DESIGN §4
 * validation at load time: {@code AnalysisTemplateParser.registerOn(SpecLoader.withDefaults(),
 * providers)}.
 */
package dev.rollout.core.analysis.template;
