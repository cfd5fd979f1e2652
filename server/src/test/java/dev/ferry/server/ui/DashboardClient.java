package dev.ferry.server.ui;

import dev.ferry.server.SseReader;
import dev.ferry.server.TestServer;
import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.auth.UserService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as HTTP goes: a user of a role made with {@link UserService}, signed in through the
 * sign-in form, keeping its session cookie, sending forms with the session's CSRF token. Redirects are
 * not followed, so tests see them.
 */
final class DashboardClient {
    private static final Pattern CSRF = Pattern.compile("name=\"" + UiPaths.CSRF_FIELD + "\" value=\"([^\"]+)\"");

    private final String baseUrl;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private String csrfToken;

    private DashboardClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A new user {@code name} of {@code role}, signed in. */
    static DashboardClient signIn(TestServer server, String name, Role role) {
        new UserService(server.server().parts().sql(), Clock.systemUTC()).create(name, role, "correct horse " + name, false);
        DashboardClient client = new DashboardClient(server.server().url());
        Response signedIn = client.post(UiPaths.SIGN_IN, Map.of("name", name, "password", "correct horse " + name));
        if (signedIn.status() != 303) {
            throw new IllegalStateException("Signing in answered " + signedIn);
        }
        client.get(UiPaths.OVERVIEW); // picks up the session's CSRF token
        return client;
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** A GET as htmx sends it, for a fragment. */
    Response htmx(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("HX-Request", "true").GET());
    }

    /** Follows an event stream as a browser's EventSource does, with the session's cookie. */
    SseReader follow(String path, String lastEventId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cookie", cookies.getCookieStore().getCookies().stream().map(HttpCookie::toString)
                .collect(Collectors.joining("; ")));
        if (lastEventId != null) {
            headers.put("Last-Event-ID", lastEventId);
        }
        return new SseReader(baseUrl + path, headers);
    }

    /** A form post carrying the session's CSRF token. */
    Response submit(String path, Map<String, String> fields) {
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.put(UiPaths.CSRF_FIELD, csrfToken);
        return post(path, withToken);
    }

    Response post(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Matcher token = CSRF.matcher(response.body());
            if (token.find()) {
                csrfToken = token.group(1);
            }
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
