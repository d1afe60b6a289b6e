/**
 * Internals of the Prometheus provider (block parsing, HTTP exchange, result mapping, query
 * sharing); not part of the API and without compatibility promises.
 */
package dev.rollout.prometheus.internal;
