/**
 * Deploy notifications of the deployment conductor: {@link
 * dev.rollout.core.conductor.notify.SlackMessage} renders one as Block Kit JSON and {@link
 * dev.rollout.core.conductor.notify.SlackWebhookNotifier} posts it to an incoming webhook.
 */
package dev.rollout.core.conductor.notify;
