/**
 * The service config of the deployment conductor ({@code kind: Service}): its model and its
 * loader, which reports every problem with file, line and field.
 */
package dev.rollout.core.conductor.config;
