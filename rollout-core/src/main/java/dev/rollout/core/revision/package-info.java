/** {@link dev.rollout.api.spi.RevisionSource} implementations that need no external system. */
package dev.rollout.core.revision;
