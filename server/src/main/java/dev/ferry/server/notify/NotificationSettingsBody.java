package dev.ferry.server.notify;

import java.util.List;

/**
 * The body of {@code PUT /api/settings/notifications}, replacing the global settings. Secrets are given
 * as {@code ${env:NAME}} or {@code ${file:PATH}} references only; since they are never shown again, a
 * PUT keeps a stored one with {@code keepPassword} or {@code keepSecret} instead of repeating it.
 *
 * @param smtp     the mail server; null to use the one given at start
 * @param emails   addresses that get every pipeline's notices; null for none
 * @param webhooks webhooks that get every pipeline's notices; null for none
 */
public record NotificationSettingsBody(Smtp smtp, List<String> emails, List<Webhook> webhooks) {

    /**
     * @param host         required
     * @param port         null for the security's usual port (25, 587, 465)
     * @param security     none, starttls or ssl; null for starttls
     * @param user         null to send without logging in
     * @param password     a reference to the password; null for none
     * @param keepPassword true to keep the password reference stored now
     * @param from         the sender address; null for ferry@localhost
     */
    public record Smtp(String host, Integer port, String security, String user, String password, Boolean keepPassword,
                       String from) {
    }

    /**
     * @param url        required; http or https
     * @param secret     a reference to the signing key; null to send unsigned
     * @param keepSecret true to keep the signing key reference stored now for this URL
     */
    public record Webhook(String url, String secret, Boolean keepSecret) {
    }
}
