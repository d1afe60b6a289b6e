/**
 * Traffic routers for Gateway API, SMI, Istio and NGINX, and the open SPI for more
 * ({@link dev.rollout.k8s.traffic.TrafficRouterFactory}, registered on
 * {@code KubernetesClusterTarget.Builder}); routers are obtained through
 * {@code KubernetesClusterTarget.trafficRouter}.
 */
package dev.rollout.k8s.traffic;
