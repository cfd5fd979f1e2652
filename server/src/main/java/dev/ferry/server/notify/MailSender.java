package dev.ferry.server.notify;

import dev.ferry.engine.config.loader.SecretException;
import dev.ferry.engine.config.loader.SecretResolver;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends notices by SMTP with Jakarta Mail: one plain-text message to all the notice's addresses. A
 * failure to reach or talk to the server is tried again with exponential backoff, a bounded number of
 * times; a refused address or login is not, since trying again would not help. With STARTTLS or SSL
 * the server's certificate must be trusted by the JVM and name the host, as for any TLS client.
 *
 * <p>Thread-safe; each send opens its own session and connection.
 */
final class MailSender {
    private static final Logger LOG = LoggerFactory.getLogger(MailSender.class);
    private static final String TIMEOUT_MILLIS = "10000";

    private final SecretResolver secrets;
    private final RetryConfig retry;

    MailSender(SecretResolver secrets, int attempts, Duration firstWait) {
        this.secrets = secrets;
        this.retry = RetryConfig.custom()
                .maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(firstWait, 2.0))
                .retryOnException(e -> e instanceof MessagingException
                        && !(e instanceof SendFailedException) && !(e instanceof AuthenticationFailedException))
                .build();
    }

    /**
     * Sends one message; never throws for a failed delivery, which the outcome reports, naming the
     * server and the cause, never the password.
     */
    Outcome send(SmtpServer smtp, List<String> to, String subject, String body) {
        AtomicInteger attempts = new AtomicInteger();
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(properties(smtp)));
            message.setFrom(new InternetAddress(smtp.from()));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", to)));
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setText(body, StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            String password = smtp.hasPassword() ? secrets.resolve(smtp.passwordReference()).reveal() : null;
            Retry retrying = Retry.of("mail", retry);
            retrying.getEventPublisher().onRetry(event -> LOG.info("SMTP {}:{} failed ({}); trying again in {} ms (attempt {} of {})",
                    smtp.host(), smtp.port(), event.getLastThrowable().getMessage(), event.getWaitInterval().toMillis(),
                    event.getNumberOfRetryAttempts() + 1, retry.getMaxAttempts()));
            retrying.executeCheckedSupplier(() -> {
                attempts.incrementAndGet();
                if (smtp.user() != null) {
                    Transport.send(message, smtp.user(), password);
                } else {
                    Transport.send(message);
                }
                return null;
            });
            return new Outcome(true, attempts.get(), null);
        } catch (SecretException e) {
            return new Outcome(false, attempts.get(), "the SMTP password cannot be read: " + e.getMessage());
        } catch (Throwable e) {
            if (e instanceof Error error) {
                throw error;
            }
            return new Outcome(false, attempts.get(), "SMTP " + smtp.host() + ":" + smtp.port() + ": " + e.getMessage() + rootCause(e));
        }
    }

    /** The innermost cause, when it says more than the message (a refused certificate, say). */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e || root.getMessage() == null || String.valueOf(e.getMessage()).contains(root.getMessage()) ? ""
                : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private static Properties properties(SmtpServer smtp) {
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", "smtp");
        properties.put("mail.smtp.host", smtp.host());
        properties.put("mail.smtp.port", String.valueOf(smtp.port()));
        properties.put("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
        properties.put("mail.smtp.timeout", TIMEOUT_MILLIS);
        properties.put("mail.smtp.writetimeout", TIMEOUT_MILLIS);
        properties.put("mail.smtp.auth", String.valueOf(smtp.user() != null));
        switch (smtp.security()) {
            case STARTTLS -> {
                properties.put("mail.smtp.starttls.enable", "true");
                properties.put("mail.smtp.starttls.required", "true");
                properties.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case SSL -> {
                properties.put("mail.smtp.ssl.enable", "true");
                properties.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> {
            }
        }
        return properties;
    }

    /**
     * How a delivery ended.
     *
     * @param error why it failed, naming no secret; null when delivered
     */
    record Outcome(boolean delivered, int attempts, String error) {
    }
}
