/**
 * Driving existing Argo Rollouts {@code Rollout} objects from one tool across clusters.
 */
package dev.rollout.k8s.argorollouts;
