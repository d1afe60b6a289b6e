/**
 * Internal plumbing shared by rollout's HTTP metric providers (rollout-datadog, rollout-prometheus):
 * {@link dev.rollout.http.FlightGroup} shares one request among callers asking the same question,
 * {@link dev.rollout.http.Exchange} sends one logical request with retries, server-requested waits,
 * no redirects, a whole-call timeout and a body limit, {@link dev.rollout.http.SharedMeasurements}
 * puts the two together for a provider's {@code measure} (aligned slots, redacted failures, logs),
 * {@link dev.rollout.http.Transport} owns or borrows the clock, scheduler and OkHttp client,
 * {@link dev.rollout.http.Redactor} and {@link dev.rollout.http.JsonBodies} are the small helpers
 * both providers need, and {@link dev.rollout.http.Settings} reads and checks provider properties. Not part of rollout's API: no compatibility promises between versions;
 * each provider keeps its own queries and response mapping.
 */
package dev.rollout.http;
