package dev.ferry.cli;

import dev.ferry.server.notify.NotifyOptions;
import dev.ferry.server.notify.SmtpServer;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/**
 * The notification options of {@code ferry serve}: the SMTP server and the public URL used in the
 * links of notices. Each falls back on its {@code FERRY_SMTP_*} or {@code FERRY_PUBLIC_URL}
 * variable. The SMTP password is never an option value, where other users of the machine could read
 * it: only the name of a variable or a file holding it.
 */
final class NotifyServeOptions {
    @Option(names = "--public-url", paramLabel = "URL",
            description = "The URL the server is reached at, for links in notices (default: $FERRY_PUBLIC_URL, else the server's own URL).")
    String publicUrl;

    @Option(names = "--smtp-host", paramLabel = "HOST", description = "The SMTP server notices are mailed through (default: $FERRY_SMTP_HOST).")
    String host;

    @Option(names = "--smtp-port", paramLabel = "N", description = "Its port (default: $FERRY_SMTP_PORT, else 587, 465 with ssl, 25 with none).")
    Integer port;

    @Option(names = "--smtp-security", paramLabel = "MODE", description = "none, starttls or ssl (default: $FERRY_SMTP_SECURITY, else starttls).")
    String security;

    @Option(names = "--smtp-user", paramLabel = "USER", description = "The SMTP login (default: $FERRY_SMTP_USER).")
    String user;

    @Option(names = "--smtp-password-env", paramLabel = "NAME",
            description = "The environment variable holding the SMTP password (default: FERRY_SMTP_PASSWORD when set).")
    String passwordVariable;

    @Option(names = "--smtp-password-file", paramLabel = "PATH",
            description = "A file holding the SMTP password (default: $FERRY_SMTP_PASSWORD_FILE).")
    Path passwordFile;

    @Option(names = "--smtp-from", paramLabel = "ADDRESS", description = "The sender of notices (default: $FERRY_SMTP_FROM, else ferry@localhost).")
    String from;

    /**
     * The options over the environment's values.
     *
     * @throws IllegalArgumentException naming the option that is not valid
     */
    NotifyOptions options(Map<String, String> environment) {
        NotifyOptions base = NotifyOptions.fromEnvironment(environment);
        SmtpServer smtp = base.smtp();
        boolean anySmtpOption = host != null || port != null || security != null || user != null || passwordVariable != null
                || passwordFile != null || from != null;
        if (anySmtpOption) {
            if (passwordVariable != null && passwordFile != null) {
                throw new IllegalArgumentException("give --smtp-password-env or --smtp-password-file, not both");
            }
            String chosenHost = host != null ? host : smtp == null ? null : smtp.host();
            if (chosenHost == null) {
                throw new IllegalArgumentException("the SMTP options need --smtp-host (or FERRY_SMTP_HOST)");
            }
            SmtpServer.Security mode = security != null ? SmtpServer.Security.parse(security)
                    : smtp == null ? SmtpServer.Security.STARTTLS : smtp.security();
            int chosenPort = port != null ? port : smtp == null || security != null ? mode.defaultPort() : smtp.port();
            String password = passwordVariable != null ? "${env:" + passwordVariable + "}"
                    : passwordFile != null ? "${file:" + passwordFile.toAbsolutePath() + "}"
                    : smtp == null ? null : smtp.passwordReference();
            smtp = new SmtpServer(chosenHost, chosenPort, mode, user != null ? user : smtp == null ? null : smtp.user(),
                    password, from != null ? from : smtp == null ? SmtpServer.DEFAULT_FROM : smtp.from());
        }
        return new NotifyOptions(smtp, publicUrl != null ? publicUrl : base.publicUrl());
    }
}
