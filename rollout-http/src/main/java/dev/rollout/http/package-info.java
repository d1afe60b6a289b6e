/**
 * Internal plumbing shared by rollout's HTTP metric providers (rollout-datadog, rollout-prometheus):
 * {@link dev.rollout.http.FlightGroup} shares one request among callers asking the same question,
 * {@link dev.rollout.http.Exchange} sends one logical request with retries, server-requested waits,
 * no redirects, a whole-call timeout and a body limit, and {@link dev.rollout.http.Settings} reads
 * provider properties. Not part of rollout's API: no compatibility promises between versions;
 * each provider keeps its own queries and response mapping.
 */
package dev.rollout.http;
