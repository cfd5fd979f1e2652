package dev.ferry.server.notify;

import dev.ferry.api.Secret;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POSTs a notice's JSON to a webhook, signed as {@link WebhookSignature} describes. A connection
 * error, a timeout, a 5xx or a 429 is tried again with exponential backoff, a bounded number of
 * times; any other answer ends the delivery (2xx delivered, the rest refused). Redirects are not
 * followed, so a signed body never goes to a place it was not sent to.
 *
 * <p>Thread-safe.
 */
final class WebhookSender {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http;
    private final Clock clock;
    private final RetryConfig retry;

    WebhookSender(Clock clock, int attempts, Duration firstWait) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.clock = clock;
        this.retry = RetryConfig.<HttpResponse<String>>custom()
                .maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(firstWait, 2.0))
                .retryOnResult(response -> response.statusCode() >= 500 || response.statusCode() == 429)
                .retryOnException(e -> e instanceof IOException)
                .build();
    }

    /**
     * Delivers {@code body}; never throws for a failed delivery, which the outcome reports.
     *
     * @param secret     the signing key; null to send unsigned
     * @param deliveryId the same for every attempt of this delivery
     */
    Outcome send(String url, Secret secret, String event, String deliveryId, byte[] body) {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger lastStatus = new AtomicInteger();
        try {
            Retry retrying = Retry.of("webhook", retry);
            retrying.getEventPublisher().onRetry(retried -> LOG.info("Webhook {} {}; trying again in {} ms (attempt {} of {})",
                    NotifyTargets.shown(url), retried.getLastThrowable() == null ? "answered HTTP " + lastStatus.get()
                            : "could not be reached (" + retried.getLastThrowable().getClass().getSimpleName() + ")",
                    retried.getWaitInterval().toMillis(), retried.getNumberOfRetryAttempts() + 1, retry.getMaxAttempts()));
            HttpResponse<String> response = retrying.executeCheckedSupplier(() -> {
                attempts.incrementAndGet();
                HttpResponse<String> answer = http.send(request(url, secret, event, deliveryId, body),
                        HttpResponse.BodyHandlers.ofString());
                lastStatus.set(answer.statusCode());
                return answer;
            });
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome(true, attempts.get(), null);
            }
            return new Outcome(false, attempts.get(), "the receiver answered HTTP " + status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, attempts.get(), "interrupted while sending");
        } catch (Throwable e) {
            if (e instanceof Error error) {
                throw error;
            }
            return new Outcome(false, attempts.get(), e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private HttpRequest request(String url, Secret secret, String event, String deliveryId, byte[] body) {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Ferry")
                .header(WebhookSignature.EVENT_HEADER, event)
                .header(WebhookSignature.DELIVERY_HEADER, deliveryId)
                .header(WebhookSignature.TIMESTAMP_HEADER, String.valueOf(timestamp))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            request.header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret.reveal(), timestamp, body));
        }
        return request.build();
    }

    /**
     * How a delivery ended.
     *
     * @param error why it failed, naming no secret; null when delivered
     */
    record Outcome(boolean delivered, int attempts, String error) {
    }
}
