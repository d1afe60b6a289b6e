/**
 * Connections to clusters and {@link dev.rollout.k8s.cluster.KubernetesClusterTarget}, the target for a service made of a Deployment and its Services.
 */
package dev.rollout.k8s.cluster;
