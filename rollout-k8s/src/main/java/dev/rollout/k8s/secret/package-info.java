/**
 * {@link dev.rollout.api.spi.SecretResolver} over Kubernetes Secrets.
 */
package dev.rollout.k8s.secret;
