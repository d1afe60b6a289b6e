/** Argo's {@code web} metric provider over the JDK's asynchronous HTTP client, with a small JSONPath. */
package dev.rollout.core.provider.web;
