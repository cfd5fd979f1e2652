package dev.ferry.connectors.http.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.ConnectorLog;
import dev.ferry.api.CredentialStore;
import dev.ferry.api.FerryException;
import dev.ferry.api.RetriableException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The OAuth 2 access token of one provider account, shared by every stream and run in this process
 * that calls it: fetched from the token endpoint with the client credentials grant or a refresh
 * token, kept until shortly before it expires (a tenth of its life, at least 30 s), then fetched
 * again; fetched again at once when the API answers 401, once, in case it was revoked early.
 *
 * <p>A refresh token the endpoint refuses ({@code invalid_grant}) stops the run with a clear error:
 * the authorization expired or was revoked, and a person must renew it. When the endpoint rotates
 * the refresh token (answers a new one), the new one is used from then on and saved, sealed, in the
 * run's {@link CredentialStore}, so the next run and the next process start from it; it is saved
 * before the access token that came with it is used. The refresh token the connection gives is used
 * again when it changes (the connection was authorized anew), whatever was saved. Outside a run
 * (a check) nothing can be saved, and the log says so. Thread-safe.
 */
final class OAuthTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, OAuthTokens> ACCOUNTS = new ConcurrentHashMap<>();
    private static final Duration LEAST_MARGIN = Duration.ofSeconds(30);

    /** How a token is asked for: the grant and its fields, all rendered. */
    /**
     * @param refreshToken the refresh token the connection gives (refresh_token grant)
     * @param code         the authorization code the connection gives, exchanged once for a refresh
     *                     token that is then kept (authorization_code grant)
     */
    record Grant(URI tokenUrl, String grantType, String clientId, String clientSecret, String refreshToken, String scope,
                 Duration timeout, String code, String redirectUri) {

        /** What the connection gave that a saved refresh token derives from: a new one wins over what was saved. */
        String given() {
            return grantType.equals("authorization_code") ? code : refreshToken;
        }
    }

    /** Names of what is saved: the refresh token in use, and the one the connection gave when it was saved. */
    static final String REFRESH_TOKEN = "refresh_token";
    static final String GIVEN_REFRESH_TOKEN = "refresh_token.given";

    private final Grant grant;
    private final HttpClient http;
    private final Clock clock;
    private CredentialStore store;
    private String accessToken;
    private Instant renewAt = Instant.MIN;
    private String refreshToken;

    private OAuthTokens(Grant grant, Clock clock) {
        this.grant = grant;
        this.clock = clock;
        this.store = CredentialStore.NONE;
        this.refreshToken = grant.refreshToken();
        this.http = HttpClient.newBuilder().connectTimeout(grant.timeout()).build();
    }

    /** The account's tokens; a store that keeps values replaces one that does not, and is read at once. */
    static OAuthTokens of(String account, Grant grant, CredentialStore store) {
        OAuthTokens tokens = ACCOUNTS.computeIfAbsent(account, name -> new OAuthTokens(grant, Clock.systemUTC()));
        tokens.use(store);
        return tokens;
    }

    private synchronized void use(CredentialStore offered) {
        if (!offered.keeps() || store.keeps() || grant.given() == null) {
            return;
        }
        store = offered;
        String saved = offered.load(REFRESH_TOKEN);
        if (saved != null && grant.given().equals(offered.load(GIVEN_REFRESH_TOKEN))) {
            refreshToken = saved;
        }
    }

    /** A valid access token, fetched when there is none or it is about to expire. */
    synchronized String accessToken(ConnectorLog log) {
        if (accessToken == null || !clock.instant().isBefore(renewAt)) {
            fetch(log);
        }
        return accessToken;
    }

    /** Forgets the access token, so the next call fetches a new one (after a 401). */
    synchronized void invalidate() {
        accessToken = null;
    }

    private void fetch(ConnectorLog log) {
        Map<String, String> form = new LinkedHashMap<>();
        boolean exchangingCode = grant.grantType().equals("authorization_code") && refreshToken == null;
        if (exchangingCode) {
            form.put("grant_type", "authorization_code");
            form.put("code", grant.code());
            if (grant.redirectUri() != null) {
                form.put("redirect_uri", grant.redirectUri());
            }
        } else if (grant.grantType().equals("client_credentials")) {
            form.put("grant_type", "client_credentials");
        } else {
            // The refresh_token grant, or an authorization code already exchanged for a refresh token.
            form.put("grant_type", "refresh_token");
            form.put("refresh_token", refreshToken);
        }
        form.put("client_id", grant.clientId());
        form.put("client_secret", grant.clientSecret());
        if (grant.scope() != null) {
            form.put("scope", grant.scope());
        }
        String body = form.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(grant.tokenUrl()).timeout(grant.timeout())
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RetriableException("The token endpoint " + grant.tokenUrl() + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FerryException("Stopped while asking " + grant.tokenUrl() + " for a token", e);
        }
        JsonNode json = parse(answer.body());
        if (answer.statusCode() >= 500 || answer.statusCode() == 429) {
            throw new RetriableException("The token endpoint " + grant.tokenUrl() + " answered " + answer.statusCode());
        }
        if (answer.statusCode() != 200 || !json.path("access_token").isTextual()) {
            String error = json.path("error").asText("");
            String described = answer.statusCode() + (error.isEmpty() ? "" : " " + error)
                    + (json.path("error_description").isTextual() ? ": " + json.path("error_description").asText() : "")
                    + (json.path("message").isTextual() ? ": " + json.path("message").asText() : "");
            throw new FerryException(error.equals("invalid_grant") || error.equals("invalid_client")
                    ? "The token endpoint " + grant.tokenUrl() + " refused the connection's " + (error.equals("invalid_client")
                    ? "client credentials" : "refresh token") + " (" + described + "): the authorization expired or was "
                    + "revoked; renew it" : "The token endpoint " + grant.tokenUrl() + " answered " + described);
        }
        accessToken = json.get("access_token").asText();
        long lifetime = json.path("expires_in").canConvertToLong() ? json.path("expires_in").asLong() : 3600;
        Duration margin = Duration.ofSeconds(Math.max(lifetime / 10, LEAST_MARGIN.toSeconds()));
        renewAt = clock.instant().plusSeconds(lifetime).minus(margin);
        String rotated = json.path("refresh_token").isTextual() ? json.get("refresh_token").asText() : null;
        if (rotated != null && !grant.grantType().equals("client_credentials")
                && (exchangingCode || !rotated.equals(refreshToken))) {
            refreshToken = rotated;
            if (store.keeps()) {
                // Saved first: once this token is used the old one may be refused, and a crash must not lose it.
                store.save(GIVEN_REFRESH_TOKEN, grant.given());
                store.save(REFRESH_TOKEN, rotated);
                log.info("The token endpoint gave a new refresh token (it rotates them); it is saved, sealed, for the next runs");
            } else {
                log.warn("The token endpoint gave a new refresh token (it rotates them). It is used from now on in this "
                        + "process, but cannot be saved outside a run: after a restart the connection may have to be "
                        + "authorized again");
            }
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json == null ? JSON.createObjectNode() : json;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
