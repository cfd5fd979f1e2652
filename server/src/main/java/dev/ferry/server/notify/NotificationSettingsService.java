package dev.ferry.server.notify;

import dev.ferry.engine.config.loader.SecretException;
import dev.ferry.engine.config.loader.SecretResolver;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Shows and replaces the global notification settings: checks a new set field by field, keeps the
 * stored secret references a PUT asks to keep, and checks that each reference can be read now, so a
 * typo shows at once instead of at the next failure.
 *
 * <p>Thread-safe.
 */
public final class NotificationSettingsService {
    private final NotificationSettingsStore store;
    private final NotificationService notifications;
    private final SecretResolver secrets;

    public NotificationSettingsService(NotificationSettingsStore store, NotificationService notifications, SecretResolver secrets) {
        this.store = store;
        this.notifications = notifications;
        this.secrets = secrets;
    }

    public NotificationSettingsView view() {
        Optional<NotificationSettingsStore.Saved> saved = store.saved();
        GlobalNotifications global = saved.map(NotificationSettingsStore.Saved::settings).orElse(GlobalNotifications.NONE);
        SmtpServer smtp = notifications.smtp(global).orElse(null);
        return new NotificationSettingsView(smtp == null ? null : NotificationSettingsView.Smtp.of(smtp),
                smtp == null ? null : global.smtp() != null ? "api" : "startup",
                global.emails(),
                global.webhooks().stream().map(webhook -> new NotificationSettingsView.Webhook(webhook.url(),
                        webhook.secretReference() != null)).toList(),
                notifications.baseUrl(),
                saved.map(NotificationSettingsStore.Saved::at).orElse(null),
                saved.map(NotificationSettingsStore.Saved::by).orElse(null));
    }

    /**
     * Checks and saves {@code body}; returns what was saved.
     *
     * @throws InvalidSettingsException naming the first field that is not valid
     */
    public GlobalNotifications replace(NotificationSettingsBody body, String actor) {
        GlobalNotifications current = store.load();
        GlobalNotifications next = new GlobalNotifications(smtp(body.smtp(), current.smtp()), emails(body.emails()),
                webhooks(body.webhooks(), current.webhooks()));
        store.save(next, actor);
        return next;
    }

    /** What an audit entry says about saved settings: counts and hosts, no address of a secret. */
    public static String describe(GlobalNotifications settings) {
        long signed = settings.webhooks().stream().filter(webhook -> webhook.secretReference() != null).count();
        return (settings.smtp() == null ? "SMTP from startup" : "SMTP " + settings.smtp().host() + ":" + settings.smtp().port())
                + ", " + settings.emails().size() + " email address(es), " + settings.webhooks().size() + " webhook(s) ("
                + signed + " signed)";
    }

    private SmtpServer smtp(NotificationSettingsBody.Smtp body, SmtpServer current) {
        if (body == null) {
            return null;
        }
        if (body.host() == null || body.host().isBlank()) {
            throw new InvalidSettingsException("smtp.host", "is required");
        }
        SmtpServer.Security security;
        try {
            security = body.security() == null ? SmtpServer.Security.STARTTLS : SmtpServer.Security.parse(body.security());
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException("smtp.security", "must be none, starttls or ssl");
        }
        if (body.port() != null && (body.port() < 1 || body.port() > 65535)) {
            throw new InvalidSettingsException("smtp.port", "must be from 1 to 65535, not " + body.port());
        }
        String password = secretReference("smtp.password", body.password(), Boolean.TRUE.equals(body.keepPassword()),
                current == null ? null : current.passwordReference(), "smtp.keepPassword");
        if (password != null && (body.user() == null || body.user().isBlank())) {
            throw new InvalidSettingsException("smtp.user", "is required with a password: the password is the user's");
        }
        String from = body.from() == null ? SmtpServer.DEFAULT_FROM : body.from().strip();
        if (!NotifyTargets.isEmail(from)) {
            throw new InvalidSettingsException("smtp.from", "'" + body.from() + "' is not an email address");
        }
        try {
            return new SmtpServer(body.host().strip(), body.port() == null ? security.defaultPort() : body.port(), security,
                    body.user(), password, from);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException("smtp", e.getMessage());
        }
    }

    private static List<String> emails(List<String> emails) {
        if (emails == null) {
            return List.of();
        }
        List<String> checked = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
            String email = emails.get(i) == null ? null : emails.get(i).strip();
            if (!NotifyTargets.isEmail(email)) {
                throw new InvalidSettingsException("emails[" + i + "]", "'" + emails.get(i) + "' is not an email address");
            }
            checked.add(email);
        }
        return checked;
    }

    private List<GlobalNotifications.StoredWebhook> webhooks(List<NotificationSettingsBody.Webhook> webhooks,
                                                             List<GlobalNotifications.StoredWebhook> current) {
        if (webhooks == null) {
            return List.of();
        }
        List<GlobalNotifications.StoredWebhook> checked = new ArrayList<>();
        Set<String> urls = new HashSet<>();
        for (int i = 0; i < webhooks.size(); i++) {
            NotificationSettingsBody.Webhook webhook = webhooks.get(i);
            String field = "webhooks[" + i + "]";
            if (webhook == null || webhook.url() == null) {
                throw new InvalidSettingsException(field + ".url", "is required");
            }
            String url = webhook.url().strip();
            if (!NotifyTargets.isHttpUrl(url)) {
                throw new InvalidSettingsException(field + ".url", "must be an http:// or https:// URL");
            }
            if (!urls.add(url)) {
                throw new InvalidSettingsException(field + ".url", "is listed twice");
            }
            String stored = current.stream().filter(old -> old.url().equals(url)).findFirst()
                    .map(GlobalNotifications.StoredWebhook::secretReference).orElse(null);
            String secret = secretReference(field + ".secret", webhook.secret(), Boolean.TRUE.equals(webhook.keepSecret()),
                    stored, field + ".keepSecret");
            checked.add(new GlobalNotifications.StoredWebhook(url, secret));
        }
        return checked;
    }

    /** A new reference, checked, or the stored one when asked to keep it. */
    private String secretReference(String field, String given, boolean keep, String stored, String keepField) {
        if (keep) {
            if (given != null) {
                throw new InvalidSettingsException(keepField, "cannot be true when a new value is given");
            }
            if (stored == null) {
                throw new InvalidSettingsException(keepField, "there is no stored value to keep");
            }
            return stored;
        }
        if (given == null) {
            return null;
        }
        // The value is never repeated in an error: it may be the secret itself, typed where a reference belongs.
        if (!SecretResolver.isReference(given)) {
            throw new InvalidSettingsException(field, "must be ${env:NAME} or ${file:PATH}: secrets are stored as "
                    + "references only, never as values");
        }
        try {
            secrets.resolve(given);
        } catch (SecretException e) {
            throw new InvalidSettingsException(field, e.getMessage());
        }
        return given;
    }
}
