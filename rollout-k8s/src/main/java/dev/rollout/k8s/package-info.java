/**
 * Kubernetes integration: cluster targets, traffic routers, hook Jobs, Argo CD and Argo Rollouts, a ConfigMap state store, Lease leader election and a Secret resolver, over client-java with gson JSON. See {@code docs/kubernetes.md}.
 */
package dev.rollout.k8s;
