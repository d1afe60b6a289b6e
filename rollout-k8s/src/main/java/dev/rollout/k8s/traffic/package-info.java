/**
 * Traffic routers for Gateway API, SMI, Istio and NGINX; obtained through {@code KubernetesClusterTarget.trafficRouter}.
 */
package dev.rollout.k8s.traffic;
