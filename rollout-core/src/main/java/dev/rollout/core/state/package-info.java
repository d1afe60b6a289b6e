/**
 * {@link dev.rollout.api.spi.StateStore} implementations: in memory, and in a directory of JSON
 * files with compare-and-set across processes.
 */
package dev.rollout.core.state;
