package dev.ferry.connectors.http.call;

import dev.ferry.api.ConnectorLog;
import dev.ferry.api.FerryException;
import dev.ferry.api.RetriableException;
import dev.ferry.connectors.http.definition.LimitsDefinition;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Makes calls to one provider account, within its limits: the rate (shared per account, see
 * {@link AccountLimits}), a timeout on every call, and tries again on 429, 5xx and calls that got no
 * answer, after {@code Retry-After} when the provider says (up to {@code max_wait}) and otherwise
 * after 1, 2, 4, 8, 16 s (the first wait is the connection's {@code retry_backoff}). A 401 stops at
 * once: the authorization expired or was revoked, and only a person can renew it. Every failed call
 * goes to the run log with its answer, secrets masked.
 *
 * <p>Other answers (2xx, and 4xx the stream decides about) are returned. Thread-safe.
 */
public final class ApiClient {
    private static final int MOST_BACKOFF_DOUBLINGS = 4;

    private final String provider;
    private final HttpClient http;
    private final LimitsDefinition limits;
    private final AccountLimits account;
    private final Authenticator authenticate;
    private final Map<String, String> headers;
    private final Redaction redaction;
    private final Duration firstBackoff;

    /**
     * @param account      the account's identity for sharing limits: provider, base URL, a digest of the credentials
     * @param authenticate adds the credentials to a request
     * @param headers      headers every call sends (the definition's, rendered)
     */
    public ApiClient(String provider, String account, LimitsDefinition limits, Authenticator authenticate,
                     Map<String, String> headers, Redaction redaction, Duration firstBackoff) {
        this.provider = provider;
        this.limits = limits;
        this.account = AccountLimits.of(account, limits);
        this.authenticate = authenticate;
        this.headers = Map.copyOf(headers);
        this.redaction = redaction;
        this.firstBackoff = firstBackoff;
        this.http = HttpClient.newBuilder().connectTimeout(limits.timeout()).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public Redaction redaction() {
        return redaction;
    }

    /** Sends {@code request}, trying again as the class says; the answer is a 2xx or a 4xx other than 401 and 429. */
    public ApiResponse send(ApiRequest request, ConnectorLog log) {
        String shown = request.method() + " " + redaction.mask(request.uri().toString());
        String lastProblem = null;
        boolean renewed = false;
        for (int attempt = 0; attempt <= limits.retries(); attempt++) {
            if (attempt > 0) {
                // Checked before each retry, so a cancelled run stops waiting.
                if (Thread.currentThread().isInterrupted()) {
                    throw new FerryException(shown + " was stopped: the read was cancelled");
                }
            }
            AccountLimits.Slot slot;
            try {
                slot = account.acquire();
                if (slot == null) {
                    throw new RetriableException("Calls to " + provider + " are stopped for " + AccountLimits.OPEN_FOR.toSeconds()
                            + " s after many failed in a row (the circuit breaker is open); the last problem: "
                            + (lastProblem == null ? "see the run log" : lastProblem));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FerryException(shown + " was stopped while waiting for the rate limit", e);
            }
            long started = System.nanoTime();
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(build(request, log), HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpTimeoutException e) {
                slot.release();
                account.failed(took(started), e);
                lastProblem = shown + " got no answer within " + limits.timeout().toSeconds() + " s";
                wait(log, lastProblem, backoff(attempt), attempt);
                continue;
            } catch (IOException e) {
                slot.release();
                account.failed(took(started), e);
                lastProblem = shown + " failed: " + redaction.mask(String.valueOf(e.getMessage()));
                wait(log, lastProblem, backoff(attempt), attempt);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FerryException(shown + " was stopped: the read was cancelled", e);
            } finally {
                // Counted from its answer (see SlidingWindowLimit); released before any wait to try again.
                slot.release();
            }
            ApiResponse response = new ApiResponse(answer.statusCode(), answer.headers(), answer.body(), answer.uri());
            noteRateHeaders(response);
            int status = response.status();
            if (status >= 500) {
                account.failed(took(started), new IOException("status " + status));
                lastProblem = redaction.describe(request.method(), request.uri().toString(), response);
                wait(log, lastProblem, backoff(attempt), attempt);
                continue;
            }
            account.succeeded(took(started));
            if (status == 429) {
                lastProblem = redaction.describe(request.method(), request.uri().toString(), response);
                Duration retryAfter = retryAfter(response.header("Retry-After"));
                if (retryAfter != null && retryAfter.compareTo(limits.maxWait()) > 0) {
                    String problem = provider + " asked to wait " + retryAfter.toSeconds() + " s (Retry-After), longer than "
                            + "the " + limits.maxWait().toSeconds() + " s this connection waits: " + lastProblem;
                    log.warn(problem);
                    throw new FerryException(problem);
                }
                wait(log, lastProblem, retryAfter != null ? retryAfter : backoff(attempt), attempt);
                continue;
            }
            if (status == 401 && !renewed && authenticate.renew()) {
                // An access token revoked before its time: one more try with a fresh one, not counted.
                renewed = true;
                attempt--;
                continue;
            }
            if (status == 401) {
                String problem = provider + " refused the authorization (401): it expired or was revoked; renew the "
                        + "connection's credentials. " + redaction.describe(request.method(), request.uri().toString(), response);
                log.warn(problem);
                throw new CallFailedException(problem, status);
            }
            return response;
        }
        throw new RetriableException("Gave up on " + shown + " after " + (limits.retries() + 1) + " tries; the last: "
                + lastProblem);
    }

    private HttpRequest build(ApiRequest request, ConnectorLog log) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(authenticate.uri(request.uri())).timeout(limits.timeout())
                .header("Accept", "application/json");
        headers.forEach(builder::header);
        request.headers().forEach(builder::header);
        authenticate.headers(builder, log);
        if (request.body() != null) {
            builder.header("Content-Type", "application/json")
                    .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    /** Waits before the next try, saying so in the run log; after the last try there is no wait. */
    private void wait(ConnectorLog log, String problem, Duration pause, int attempt) {
        if (attempt >= limits.retries()) {
            log.warn(problem + "; no tries left");
            return;
        }
        log.warn(problem + "; trying again in " + text(pause) + " (try " + (attempt + 2) + " of " + (limits.retries() + 1) + ")");
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException("Stopped while waiting to try again: the read was cancelled", e);
        }
    }

    private Duration backoff(int attempt) {
        return firstBackoff.multipliedBy(1L << Math.min(attempt, MOST_BACKOFF_DOUBLINGS));
    }

    /** Remembers when the provider's own count says no call is left in its window. */
    private void noteRateHeaders(ApiResponse response) {
        if (limits.remainingHeader() == null) {
            return;
        }
        String remaining = response.header(limits.remainingHeader());
        if (remaining == null) {
            return;
        }
        try {
            if (Long.parseLong(remaining.strip()) <= 0) {
                String window = limits.windowHeader() == null ? null : response.header(limits.windowHeader());
                account.exhaustedFor(window == null ? limits.per() : Duration.ofMillis(Long.parseLong(window.strip())));
            }
        } catch (NumberFormatException e) {
            // A header we cannot read says nothing; our own count still holds.
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration left = Duration.between(Instant.now(), at);
                return left.isNegative() ? Duration.ZERO : left;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static Duration took(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static String text(Duration pause) {
        return pause.toMillis() < 1000 ? pause.toMillis() + " ms" : pause.toMillis() / 1000.0 + " s";
    }
}
