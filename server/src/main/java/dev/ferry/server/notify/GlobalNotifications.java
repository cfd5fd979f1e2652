package dev.ferry.server.notify;

import java.util.List;
import java.util.Objects;

/**
 * The global notice targets, set through {@code PUT /api/settings/notifications} and stored in the
 * server's database: they get the notices of every pipeline, on top of each pipeline's own
 * {@code notify:} targets. Immutable.
 *
 * <p>Secrets are kept as {@code ${env:NAME}} or {@code ${file:PATH}} references only, resolved when a
 * notice is sent, until stored secrets can be encrypted.
 *
 * @param smtp     the mail server, replacing the one given at start; null to use that one
 * @param emails   addresses that get every notice; never null
 * @param webhooks URLs that get every notice; never null
 */
public record GlobalNotifications(SmtpServer smtp, List<String> emails, List<StoredWebhook> webhooks) {

    public static final GlobalNotifications NONE = new GlobalNotifications(null, List.of(), List.of());

    public GlobalNotifications {
        emails = List.copyOf(emails);
        webhooks = List.copyOf(webhooks);
    }

    /**
     * A global webhook.
     *
     * @param url             where notices are POSTed; never null
     * @param secretReference where its signing key is, as a reference; null to send unsigned
     */
    public record StoredWebhook(String url, String secretReference) {
        public StoredWebhook {
            Objects.requireNonNull(url, "url");
        }
    }
}
