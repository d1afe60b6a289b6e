/**
 * Implementation details (API access, names, readiness, templates); not part of the public API.
 */
package dev.rollout.k8s.internal;
