package dev.ferry.server.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser as far as the dashboard's HTTP goes: keeps its session cookie, sends forms with the
 * page's CSRF token, and does not follow redirects, so tests see where each answer leads.
 */
final class FormClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private String csrf;

    FormClient(String base) {
        this.base = base;
    }

    record Page(int status, String body, HttpResponse<String> raw) {
        String location() {
            return raw.headers().firstValue("Location").orElse(null);
        }
    }

    /** Signs in with a user's name and password; fails the test unless it works. */
    FormClient signIn(String name, String password) {
        Page answer = post("/signin", List.of(Map.entry("name", name), Map.entry("password", password)), false);
        if (answer.status() != 303 && answer.status() != 302) {
            throw new AssertionError("sign-in failed: " + answer.status() + " " + answer.body());
        }
        refreshCsrf();
        return this;
    }

    void refreshCsrf() {
        Matcher matcher = CSRF.matcher(get("/").body());
        if (!matcher.find()) {
            throw new AssertionError("no CSRF token on the overview");
        }
        csrf = matcher.group(1);
    }

    Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A form as a browser sends it, with the session's CSRF token. */
    Page form(String path, List<Map.Entry<String, String>> fields) {
        return post(path, fields, true);
    }

    /** A form as htmx sends it: the CSRF token in its header. */
    Page htmx(String path, List<Map.Entry<String, String>> fields) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("HX-Request", "true")
                .header("X-CSRF-Token", csrf).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields))));
    }

    private Page post(String path, List<Map.Entry<String, String>> fields, boolean withCsrf) {
        List<Map.Entry<String, String>> all = new ArrayList<>(fields);
        if (withCsrf) {
            all.add(Map.entry("_csrf", csrf));
        }
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encode(all))));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(List<Map.Entry<String, String>> fields) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> field : fields) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        return body.toString();
    }
}
