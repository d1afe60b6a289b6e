/**
 * Deploying revisions through Argo CD Applications and judging the outcome.
 */
package dev.rollout.k8s.argocd;
