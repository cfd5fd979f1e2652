package dev.ferry.testkit.saas.hubspot;

import dev.ferry.testkit.saas.SaasHttpException;
import dev.ferry.testkit.saas.SaasRequest;
import dev.ferry.testkit.saas.SaasResponse;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /oauth/v3/token}, a form with {@code grant_type} ({@code authorization_code} with
 * {@code code} and {@code redirect_uri}, or {@code refresh_token} with {@code refresh_token}),
 * {@code client_id} and {@code client_secret}. Answers {@code {token_type: "bearer", access_token,
 * refresh_token, expires_in: 1800, hub_id}}. An unknown refresh token answers 400 {@code {status:
 * "BAD_REFRESH_TOKEN", error: "invalid_grant", ...}} as documented.
 *
 * <p>Choices (UNCONFIRMED): the other errors take the same shape with HubSpot-style statuses
 * ({@code BAD_CLIENT_ID}, {@code BAD_AUTH_CODE}, {@code BAD_GRANT_TYPE}, {@code BAD_REQUEST}) and
 * OAuth's {@code error} names; {@code redirect_uri} is required but not compared.
 */
final class OAuthRoute {

    private final HubSpotTokens tokens;
    private final String clientId;
    private final String clientSecret;

    OAuthRoute(HubSpotTokens tokens, String clientId, String clientSecret) {
        this.tokens = tokens;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    SaasResponse token(SaasRequest request) {
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw error("BAD_REQUEST", "invalid_request", "The token request must be application/x-www-form-urlencoded");
        }
        Map<String, String> form = request.form();
        if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
            throw error("BAD_CLIENT_ID", "invalid_client", "missing or invalid client_id or client_secret");
        }
        String grantType = form.get("grant_type");
        HubSpotTokens.Issued issued;
        if ("refresh_token".equals(grantType)) {
            issued = tokens.refresh(form.getOrDefault("refresh_token", ""));
            if (issued == null) {
                throw error("BAD_REFRESH_TOKEN", "invalid_grant", "missing or unknown refresh token");
            }
        } else if ("authorization_code".equals(grantType)) {
            if (form.getOrDefault("redirect_uri", "").isEmpty()) {
                throw error("BAD_REQUEST", "invalid_request", "missing redirect_uri");
            }
            issued = tokens.exchange(form.getOrDefault("code", ""));
            if (issued == null) {
                throw error("BAD_AUTH_CODE", "invalid_grant", "missing or unknown auth code");
            }
        } else {
            throw error("BAD_GRANT_TYPE", "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "bearer");
        body.put("access_token", issued.accessToken());
        body.put("refresh_token", issued.refreshToken());
        body.put("expires_in", issued.expiresIn().toSeconds());
        body.put("hub_id", issued.hubId());
        return SaasResponse.ok(body);
    }

    private static SaasHttpException error(String status, String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message);
        body.put("correlationId", UUID.randomUUID().toString());
        body.put("error", error);
        body.put("error_description", message);
        return new SaasHttpException(SaasResponse.json(400, body));
    }
}
