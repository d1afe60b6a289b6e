package dev.rollout.api.spi;

import dev.rollout.api.deploy.DeployNotification;

/**
 * Tells people about a deploy (a Slack channel, a chat-ops bot, an audit log). Called by the
 * deployment conductor when a deploy starts, finishes, fails or is refused. An implementation
 * must not block for long (never waiting for a slow or hung backend: deliver asynchronously) and
 * must not throw into the caller, not even for a null notification: it retries on its own and
 * reports each notification it could not deliver once, through its own logging. Each
 * notification is delivered at most once. Thread-safe.
 */
@FunctionalInterface
public interface Notifier {

    /** Delivers one notification. */
    void notify(DeployNotification notification);
}
