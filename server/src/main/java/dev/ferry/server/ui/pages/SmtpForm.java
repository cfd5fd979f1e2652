package dev.ferry.server.ui.pages;

import dev.ferry.server.notify.InvalidSettingsException;
import dev.ferry.server.notify.NotificationSettingsBody;
import dev.ferry.server.notify.NotificationSettingsView;
import dev.ferry.server.notify.SmtpServer;
import io.javalin.http.Context;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The mail server form of Settings, as it shows and as it was sent. Never a password: its field is
 * always empty; a blank one keeps the reference saved through the API, and the page says only whether
 * one is set.
 *
 * @param host           as typed, or the current server's
 * @param port           as typed (so a bad one can be shown again), or the current server's
 * @param security       none, starttls or ssl
 * @param user           blank to send without logging in
 * @param from           the sender address
 * @param removePassword whether the form asks to drop the stored password reference
 * @param error          why the last attempt was refused, naming the field; null for none
 * @param invalid        the form field that {@code error} is about ({@code host}, {@code port}, ...); null for none
 */
public record SmtpForm(String host, String port, String security, String user, String from, boolean removePassword,
                       String error, String invalid) {
    /** The form field names, which are also the last part of the API's field names ({@code smtp.port}). */
    public static final List<String> FIELDS = List.of("host", "port", "security", "user", "password", "from");

    /** The form filled with the mail server notices go through now; empty when there is none. */
    public static SmtpForm of(NotificationSettingsView.Smtp current) {
        if (current == null) {
            return new SmtpForm("", "", SmtpServer.Security.STARTTLS.name().toLowerCase(Locale.ROOT), "", "", false, null, null);
        }
        return new SmtpForm(current.host(), Integer.toString(current.port()), current.security(),
                current.user() == null ? "" : current.user(), current.from(), false, null, null);
    }

    /** The form as the browser sent it, without its password (which is read once, by {@link #body}). */
    public static SmtpForm sent(Context ctx) {
        return new SmtpForm(text(ctx.formParam("host")), text(ctx.formParam("port")), text(ctx.formParam("security")),
                text(ctx.formParam("user")), text(ctx.formParam("from")), ctx.formParam("removePassword") != null,
                null, null);
    }

    /** The same values with the reason they were refused, for showing the form again. */
    public SmtpForm refused(InvalidSettingsException e) {
        String field = e.field().startsWith("smtp.") ? e.field().substring("smtp.".length()) : e.field();
        String shown = FIELDS.contains(field) ? field : null;
        return new SmtpForm(host, port, security, user, from, removePassword,
                "Mail server not saved: " + e.getMessage(), shown);
    }

    /**
     * The API's body for this form. A blank password keeps the reference saved through the API, if
     * there is one, unless the form asks to remove it.
     *
     * @param password the password field as sent: a reference, or blank
     * @throws InvalidSettingsException for what only the form can get wrong: a port that is not a number, no sender
     */
    public NotificationSettingsBody.Smtp body(String password, NotificationSettingsView current) {
        Integer number = null;
        if (!port.isEmpty()) {
            try {
                number = Integer.valueOf(port);
            } catch (NumberFormatException e) {
                throw new InvalidSettingsException("smtp.port", "'" + port + "' is not a port number; give a whole "
                        + "number from 1 to 65535, or leave it blank for the security's usual port");
            }
        }
        if (from.isEmpty()) {
            throw new InvalidSettingsException("smtp.from", "is required: the address notices are sent from");
        }
        String given = password == null || password.isBlank() ? null : password.strip();
        boolean storedHere = current.smtp() != null && "api".equals(current.smtpSource()) && current.smtp().passwordSet();
        boolean keep = given == null && !removePassword && storedHere;
        return new NotificationSettingsBody.Smtp(host, number, security.isEmpty() ? null : security,
                user.isEmpty() ? null : user, given, keep, from);
    }

    /** The security choices, as the API names them. */
    public static List<String> securities() {
        return Arrays.stream(SmtpServer.Security.values()).map(value -> value.name().toLowerCase(Locale.ROOT)).toList();
    }

    /** The usual port of each security, for the port field's hint. */
    public static String usualPorts() {
        return String.join(", ", Arrays.stream(SmtpServer.Security.values())
                .map(value -> value.name().toLowerCase(Locale.ROOT) + " " + value.defaultPort()).toList());
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
