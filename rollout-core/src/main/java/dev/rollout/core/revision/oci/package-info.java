/**
 * A {@link dev.rollout.api.spi.RevisionSource} over an OCI registry's tags, in semantic-version
 * release order, with the semver parsing and Masterminds-style constraints it needs.
 */
package dev.rollout.core.revision.oci;
