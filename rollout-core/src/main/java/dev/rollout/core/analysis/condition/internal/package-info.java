/**
 * Lexer, parser and runtime of the condition language; not an API: use
 * {@link dev.rollout.core.analysis.condition.Conditions}.
 */
package dev.rollout.core.analysis.condition.internal;
