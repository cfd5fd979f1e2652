package dev.ferry.connectors.convex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.ConnectFailure;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.FerryException;
import dev.ferry.api.RetriableException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Requests to a deployment's HTTP API with its deploy key ({@code Authorization: Convex <key>}),
 * answers read as JSON, and retries: a 429, any 5xx (the cloud's proxy answers 560 too), a lost or
 * timed-out connection, or a body cut short are tried again after {@link RetryPolicy}'s wait, up to
 * its number of tries; then a {@link RetriableException} names the connection, the route and the
 * last status, code and message. Other errors come from the body's {@code {code, message}}.
 * The key is never part of a message: errors name the connection and the URL without it.
 */
final class ConvexApi {
    /**
     * Convex gives a snapshot page up to 60 s of work; the rest is transfer of up to 1,024 documents
     * (each up to 1 MiB), so a request that takes longer than this has stalled.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConnectionSpec spec;
    private final String baseUrl;
    private final String authorization;
    private final RetryPolicy retries;
    private final Duration requestTimeout;
    private final HttpClient client;
    private final Pause pause;

    /** How a wait is spent; tests replace it to run without sleeping. */
    interface Pause {
        /** A wait that {@code cancellation} cuts short. */
        Pause CANCELLABLE = (duration, cancellation) -> cancellation.pause(duration.toMillis());

        void sleep(Duration duration, Cancellation cancellation) throws InterruptedException;
    }

    ConvexApi(ConnectionSpec spec, String baseUrl, RetryPolicy retries, Duration requestTimeout, Pause pause) {
        this.spec = spec;
        this.baseUrl = baseUrl;
        this.authorization = spec.password() == null || spec.password().isEmpty() ? null : "Convex " + spec.password().reveal();
        this.retries = retries;
        this.requestTimeout = requestTimeout;
        this.pause = pause;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(spec.connectTimeoutSeconds()))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Whether requests carry a deploy key; a connection that only calls public functions may have none. */
    boolean hasDeployKey() {
        return authorization != null;
    }

    /** The answer of {@code GET route?params} (null values left out), retried as the policy allows. */
    JsonNode get(String route, Map<String, String> params) {
        return get(route, params, Cancellation.NONE);
    }

    /**
     * {@link #get(String, Map)} that {@code cancellation} can stop from another thread; then it throws
     * {@link Cancelled}.
     */
    JsonNode get(String route, Map<String, String> params, Cancellation cancellation) {
        return send("GET", route, query(params), null, Retry.ALWAYS, cancellation);
    }

    /** When a failed request may be sent again. */
    enum Retry {
        /** On 429, 5xx and lost connections: the request changes nothing twice (a read, an import by key). */
        ALWAYS,
        /**
         * Only on 429, which Convex answers before doing anything: a request whose effect would double
         * if it had been applied before its answer was lost (an import without a primary key).
         */
        RATE_LIMITED_ONLY
    }

    /**
     * {@code method route} with a JSON body (null: none; GET may carry one, as
     * {@code primary_key_indexes_ready} takes its tables in the body), retried as {@code retry} and the
     * policy allow. An empty 2xx body reads as an empty object, which is how write routes may answer.
     */
    JsonNode send(String method, String route, byte[] body, Retry retry) {
        return send(method, route, "", body, retry, Cancellation.NONE);
    }

    private JsonNode send(String method, String route, String query, byte[] body, Retry retry, Cancellation cancellation) {
        URI uri = URI.create(baseUrl + route + query);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (body == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpRequest request = builder.build();
        String where = where(method, route);
        String last = null;
        for (int attempt = 1; ; attempt++) {
            if (cancellation.isCancelled()) {
                throw new Cancelled(where);
            }
            Duration retryAfter = null;
            boolean retriable = true;
            try {
                HttpResponse<byte[]> response = exchange(request, cancellation);
                int status = response.statusCode();
                JsonNode answer = response.body().length == 0 ? null : JSON.readTree(response.body());
                if (status / 100 == 2) {
                    if (answer == null && method.equals("GET")) {
                        throw new FerryException(where + " answered HTTP " + status + " with no JSON body");
                    }
                    return answer == null ? JSON.createObjectNode() : answer;
                }
                ConvexError error = ConvexError.of(status, answer);
                if (!isRetriable(status)) {
                    throw error.toException(spec, method, route);
                }
                last = error.describe();
                retriable = retry == Retry.ALWAYS || status == 429;
                retryAfter = RetryPolicy.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null),
                        ZonedDateTime.now());
            } catch (JsonProcessingException e) {
                last = "a body that is not complete JSON (" + e.getOriginalMessage() + ")";
                retriable = retry == Retry.ALWAYS;
            } catch (IOException | CancellationException e) {
                if (cancellation.isCancelled()) {
                    throw new Cancelled(where);
                }
                last = e instanceof IOException io ? lostConnection(io) : "the exchange was aborted";
                retriable = retry == Retry.ALWAYS;
            } catch (TimeoutException e) {
                last = "no complete answer within " + requestTimeout.toSeconds() + " s";
                retriable = retry == Retry.ALWAYS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FerryException(where + ": interrupted");
            }
            if (!retriable) {
                throw new RetriableException(where + " failed, and was not sent again because a request that Convex may "
                        + "already have applied would apply twice; last: " + spec.mask(last));
            }
            if (attempt >= retries.tries()) {
                throw new RetriableException(where + " failed " + attempt + " times; last: " + spec.mask(last));
            }
            try {
                Duration wait = retries.waitAfter(attempt, retryAfter);
                pause.sleep(wait, cancellation);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FerryException(where + ": interrupted while waiting to try again; last: " + spec.mask(last));
            }
        }
    }

    /** A request stopped by its {@link Cancellation}. */
    static final class Cancelled extends FerryException {
        Cancelled(String where) {
            super(where + ": cancelled");
        }
    }

    private static boolean isRetriable(int status) {
        return status == 429 || status >= 500;
    }

    /**
     * The whole answer, body included, within the request timeout: the client's own timeout ends at
     * the headers, and a connection that stalls or drops in the middle of a body must not hang the read.
     */
    private HttpResponse<byte[]> exchange(HttpRequest request, Cancellation cancellation)
            throws IOException, InterruptedException, TimeoutException {
        CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        cancellation.running(answer);
        try {
            return answer.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    private String lostConnection(IOException e) {
        ConnectFailure failure = ConnectFailure.of(e);
        String endpoint = URI.create(baseUrl).getAuthority();
        if (failure != null) {
            return failure.describe(endpoint, spec.connectTimeoutSeconds());
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + requestTimeout.toSeconds() + " s";
        }
        return "the connection to " + endpoint + " was lost (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    }

    private String where(String method, String route) {
        return "Convex connection " + spec.name() + " (" + spec.shownUrl() + "): " + method + " " + route;
    }

    private static String query(Map<String, String> params) {
        StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
        new LinkedHashMap<>(params).forEach((name, value) -> {
            if (value != null) {
                joined.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return joined.toString();
    }
}
