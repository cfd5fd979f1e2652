package dev.ferry.engine.config;

import dev.ferry.api.Secret;

import java.util.List;
import java.util.Objects;

/**
 * Where the server sends notices about a pipeline's runs: one when its runs start failing, one when
 * they succeed again. Global targets, set on the server, come on top of these.
 *
 * @param emails   addresses mailed through the server's SMTP settings; never null, maybe empty
 * @param webhooks URLs that receive a signed JSON POST; never null, maybe empty
 */
public record NotificationConfig(List<String> emails, List<Webhook> webhooks) {

    public static final NotificationConfig NONE = new NotificationConfig(List.of(), List.of());

    public NotificationConfig {
        emails = List.copyOf(emails);
        webhooks = List.copyOf(webhooks);
    }

    public boolean isEmpty() {
        return emails.isEmpty() && webhooks.isEmpty();
    }

    /**
     * A webhook target.
     *
     * @param url    where the JSON is POSTed; never null
     * @param secret the key of its HMAC-SHA256 signature header; null to send it unsigned
     */
    public record Webhook(String url, Secret secret) {
        public Webhook {
            Objects.requireNonNull(url, "url");
        }
    }
}
