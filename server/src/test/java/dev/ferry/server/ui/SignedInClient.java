package dev.ferry.server.ui;

import dev.ferry.server.FerryServer;
import dev.ferry.server.auth.Role;
import dev.ferry.server.ui.auth.UserService;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser without a browser: signs a dashboard user in through {@code POST /signin}, keeps the
 * session cookie, and sends forms with the session's CSRF token as a page gives it.
 */
final class SignedInClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private String csrf;

    private SignedInClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Creates a user of {@code role} on the server and signs it in. */
    static SignedInClient as(FerryServer server, Role role) {
        String name = "ui-" + role.label();
        String password = "correct horse battery " + role.label();
        new UserService(server.parts().sql(), server.parts().settings().clock()).create(name, role, password, true);
        SignedInClient client = new SignedInClient(server.url());
        HttpResponse<String> signedIn = client.send("POST", "/signin", Map.of("name", name, "password", password), false);
        assertThat(signedIn.statusCode()).as("sign-in of " + name).isEqualTo(303);
        String overview = client.get("/").body();
        Matcher token = CSRF.matcher(overview);
        assertThat(token.find()).as("the page carries a CSRF token").isTrue();
        client.csrf = token.group(1);
        return client;
    }

    HttpResponse<String> get(String path) {
        return exchange(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    }

    /** A form post as the page's form sends it, with the CSRF token. */
    HttpResponse<String> post(String path, Map<String, String> form) {
        return send("POST", path, form, true);
    }

    /** An htmx request: its CSRF token in the header, as the page's {@code hx-headers} sends it. */
    HttpResponse<String> htmxPost(String path, Map<String, String> form) {
        return exchange(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("HX-Request", "true")
                .header(UiPaths.CSRF_HEADER, csrf).POST(HttpRequest.BodyPublishers.ofString(encode(form))).build());
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> form, boolean withCsrf) {
        Map<String, String> fields = new java.util.LinkedHashMap<>(form);
        if (withCsrf) {
            fields.put(UiPaths.CSRF_FIELD, csrf);
        }
        return exchange(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(encode(fields))).build());
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
