package dev.ferry.testkit.saas.gohighlevel;

import dev.ferry.testkit.saas.SaasRequest;
import dev.ferry.testkit.saas.SaasResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /oauth/token}, a form ({@code application/x-www-form-urlencoded}) with
 * {@code client_id}, {@code client_secret}, {@code grant_type} ({@code authorization_code} with
 * {@code code}, or {@code refresh_token} with {@code refresh_token}). Answers {@code access_token,
 * token_type, expires_in (86399), refresh_token, scope, userType, locationId}. Refresh tokens
 * rotate: each can be used once.
 *
 * <p>Choices (UNCONFIRMED): errors use OAuth's {@code {error, error_description}}: 400
 * {@code invalid_request} for a body that is not a form or lacks a field, 401 {@code invalid_client}
 * for a wrong client, 400 {@code invalid_grant} for an unknown or used code or refresh token, 400
 * {@code unsupported_grant_type}.
 */
final class OAuthRoute {

    private final GhlTokens tokens;
    private final String clientId;
    private final String clientSecret;

    OAuthRoute(GhlTokens tokens, String clientId, String clientSecret) {
        this.tokens = tokens;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    SaasResponse token(SaasRequest request) {
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw error(400, "invalid_request", "The token request must be application/x-www-form-urlencoded");
        }
        Map<String, String> form = request.form();
        if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
            throw error(401, "invalid_client", "Unknown client_id or wrong client_secret");
        }
        String grantType = form.get("grant_type");
        GhlTokens.Issued issued;
        if ("refresh_token".equals(grantType)) {
            String refreshToken = required(form, "refresh_token");
            issued = tokens.refresh(refreshToken);
            if (issued == null) {
                throw error(400, "invalid_grant", "Invalid grant: the refresh token is unknown or was already used");
            }
        } else if ("authorization_code".equals(grantType)) {
            issued = tokens.exchange(required(form, "code"));
            if (issued == null) {
                throw error(400, "invalid_grant", "Invalid grant: the authorization code is unknown or was already used");
            }
        } else {
            throw error(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", issued.accessToken());
        body.put("token_type", "Bearer");
        body.put("expires_in", issued.expiresIn().toSeconds());
        body.put("refresh_token", issued.refreshToken());
        body.put("scope", "contacts.readonly contacts.write calendars/events.readonly calendars/events.write");
        body.put("userType", "Location");
        body.put("locationId", issued.locationId());
        return SaasResponse.ok(body);
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isEmpty()) {
            throw error(400, "invalid_request", name + " is required");
        }
        return value;
    }

    private static dev.ferry.testkit.saas.SaasHttpException error(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return new dev.ferry.testkit.saas.SaasHttpException(SaasResponse.json(status, body));
    }
}
