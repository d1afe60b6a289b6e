package dev.rollout.api.spi;

import dev.rollout.api.deploy.DeployNotification;

/**
 * Tells people about a deploy (a Slack channel, a chat-ops bot, an audit log). Called by the
 * deployment conductor when a deploy starts, finishes, fails or is refused. An implementation
 * must not block for long and must not throw: it retries on its own and reports what it could
 * not deliver through its own logging. Thread-safe.
 */
@FunctionalInterface
public interface Notifier {

    /** Delivers one notification. */
    void notify(DeployNotification notification);
}
