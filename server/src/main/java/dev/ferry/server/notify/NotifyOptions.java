package dev.ferry.server.notify;

import java.util.Map;

/**
 * Notification settings given when the server starts ({@code ferry serve} options or environment
 * variables); the global settings stored through the API come on top of these. Immutable.
 *
 * @param smtp      the mail server; null when none is set at start (one may still be set through the API)
 * @param publicUrl the URL the server is reached at, used in the links of notices; null for the
 *                  server's own URL
 */
public record NotifyOptions(SmtpServer smtp, String publicUrl) {

    public static final NotifyOptions NONE = new NotifyOptions(null, null);

    /** The variables {@link #fromEnvironment} reads. */
    public static final String HOST = "FERRY_SMTP_HOST", PORT = "FERRY_SMTP_PORT", SECURITY = "FERRY_SMTP_SECURITY",
            USER = "FERRY_SMTP_USER", PASSWORD = "FERRY_SMTP_PASSWORD", PASSWORD_FILE = "FERRY_SMTP_PASSWORD_FILE",
            FROM = "FERRY_SMTP_FROM", PUBLIC_URL = "FERRY_PUBLIC_URL";

    public NotifyOptions {
        if (publicUrl != null) {
            if (!NotifyTargets.isHttpUrl(publicUrl)) {
                throw new IllegalArgumentException("the public URL must be an http:// or https:// URL, not '" + publicUrl + "'");
            }
            publicUrl = publicUrl.replaceAll("/+$", "");
        }
    }

    /**
     * The settings the environment gives: {@code FERRY_SMTP_HOST}, {@code FERRY_SMTP_PORT},
     * {@code FERRY_SMTP_SECURITY} (none, starttls, ssl; starttls by default), {@code FERRY_SMTP_USER},
     * {@code FERRY_SMTP_PASSWORD} (kept as the reference {@code ${env:FERRY_SMTP_PASSWORD}}, never
     * copied), {@code FERRY_SMTP_PASSWORD_FILE} (a file holding it), {@code FERRY_SMTP_FROM} and
     * {@code FERRY_PUBLIC_URL}.
     */
    public static NotifyOptions fromEnvironment(Map<String, String> environment) {
        String host = environment.get(HOST);
        SmtpServer smtp = null;
        if (host != null && !host.isBlank()) {
            SmtpServer.Security security = environment.containsKey(SECURITY)
                    ? SmtpServer.Security.parse(environment.get(SECURITY)) : SmtpServer.Security.STARTTLS;
            int port = security.defaultPort();
            if (environment.containsKey(PORT)) {
                try {
                    port = Integer.parseInt(environment.get(PORT).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(PORT + " must be a port number, not '" + environment.get(PORT) + "'");
                }
            }
            String password = environment.containsKey(PASSWORD) ? "${env:" + PASSWORD + "}"
                    : environment.containsKey(PASSWORD_FILE) ? "${file:" + environment.get(PASSWORD_FILE) + "}" : null;
            smtp = new SmtpServer(host.strip(), port, security, environment.get(USER), password,
                    environment.getOrDefault(FROM, SmtpServer.DEFAULT_FROM));
        }
        return new NotifyOptions(smtp, environment.get(PUBLIC_URL));
    }

    public NotifyOptions withSmtp(SmtpServer value) {
        return new NotifyOptions(value, publicUrl);
    }

    public NotifyOptions withPublicUrl(String value) {
        return new NotifyOptions(smtp, value);
    }
}
