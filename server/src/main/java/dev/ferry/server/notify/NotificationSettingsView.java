package dev.ferry.server.notify;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The global notification settings as {@code GET /api/settings/notifications} shows them: whether a
 * password or signing key is set, never its value nor where it is kept.
 *
 * @param smtp       the mail server notices go through now; null when none is set
 * @param smtpSource {@code api} when saved through the API, {@code startup} when given when the server
 *                   started; null when none is set
 * @param publicUrl  the base of the links in notices
 * @param updatedAt  when the settings were last saved; null if never
 * @param updatedBy  the token that saved them; null if never
 */
public record NotificationSettingsView(Smtp smtp, String smtpSource, List<String> emails, List<Webhook> webhooks,
                                       String publicUrl, Instant updatedAt, String updatedBy) {

    public record Smtp(String host, int port, String security, String user, String from, boolean passwordSet) {
        static Smtp of(SmtpServer smtp) {
            return new Smtp(smtp.host(), smtp.port(), smtp.security().name().toLowerCase(Locale.ROOT), smtp.user(),
                    smtp.from(), smtp.hasPassword());
        }
    }

    public record Webhook(String url, boolean secretSet) {
    }
}
