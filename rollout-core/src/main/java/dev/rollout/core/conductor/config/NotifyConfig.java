package dev.rollout.core.conductor.config;

import dev.rollout.api.analysis.AnalysisRef.SecretKeyRef;
import java.util.Objects;

/** {@code notify[]}: where to tell people about an environment's deploys. */
public sealed interface NotifyConfig {

    /**
     * {@code slack}: a Slack-compatible incoming webhook.
     *
     * @param webhookUrl the secret holding the webhook URL (the URL itself is a secret)
     */
    record Slack(SecretKeyRef webhookUrl) implements NotifyConfig {
        public Slack {
            Objects.requireNonNull(webhookUrl, "webhookUrl");
        }
    }
}
