package dev.ferry.server.notify;

import dev.ferry.engine.config.loader.SecretResolver;

import java.util.Locale;
import java.util.Objects;

/**
 * The mail server notices are sent through.
 *
 * <p>The password is never held here as a value: {@code passwordReference} is an {@code ${env:NAME}}
 * or {@code ${file:PATH}} reference, resolved each time mail is sent, so it can be kept in the
 * server's database and shown in no response, log line or audit entry. Immutable.
 *
 * @param host              the SMTP host; never null
 * @param port              the SMTP port, 1 to 65535
 * @param security          how the connection is protected; never null
 * @param user              the login; null to send without authentication
 * @param passwordReference where the login's password is; null for none
 * @param from              the sender address; never null
 */
public record SmtpServer(String host, int port, Security security, String user, String passwordReference, String from) {

    public static final String DEFAULT_FROM = "ferry@localhost";

    public SmtpServer {
        Objects.requireNonNull(security, "security");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the SMTP host is required");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the SMTP port must be from 1 to 65535, not " + port);
        }
        if (from == null || !NotifyTargets.isEmail(from)) {
            throw new IllegalArgumentException("the SMTP sender (from) must be an email address");
        }
        if (passwordReference != null && !SecretResolver.isReference(passwordReference)) {
            // The value is not repeated: it may be the password itself, typed where a reference belongs.
            throw new IllegalArgumentException("the SMTP password must be given as ${env:NAME} or ${file:PATH}, "
                    + "never as the password itself");
        }
        if (passwordReference != null && user == null) {
            throw new IllegalArgumentException("an SMTP password needs an SMTP user");
        }
    }

    public boolean hasPassword() {
        return passwordReference != null;
    }

    /** How the SMTP connection is protected. */
    public enum Security {
        /** Plain SMTP; only for a relay on the same machine or network. */
        NONE(25),
        /** Plain connection upgraded with STARTTLS, which is then required. */
        STARTTLS(587),
        /** TLS from the first byte (SMTPS). */
        SSL(465);

        private final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        public int defaultPort() {
            return defaultPort;
        }

        /** Reads {@code none}, {@code starttls} or {@code ssl}, in any case. */
        public static Security parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("SMTP security must be none, starttls or ssl, not '" + text + "'");
            }
        }
    }
}
