package dev.ferry.connectors.http.call;

import dev.ferry.api.ConnectorLog;
import dev.ferry.api.CredentialStore;
import dev.ferry.connectors.http.definition.AuthDefinition;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/** Puts a connection's credentials on each call, as its definition's {@code auth} says. */
public sealed interface Authenticator {

    /** The call's URL with the credential added, when it travels in the query. */
    default URI uri(URI uri) {
        return uri;
    }

    void headers(HttpRequest.Builder request, ConnectorLog log);

    /**
     * After a 401: forgets a credential that can be fetched again (an OAuth access token) and answers
     * true, so the call is tried once more with a fresh one; false when nothing can be renewed.
     */
    default boolean renew() {
        return false;
    }

    /** Headers that carry the credential, to be masked in logged calls. */
    default Set<String> secretHeaders() {
        return Set.of();
    }

    /**
     * The authenticator for {@code auth}, its templates rendered already: {@code values} are the
     * rendered {@code value}/{@code token} (or user and password for basic).
     */
    static Authenticator of(AuthDefinition auth, String first, String second) {
        return switch (auth) {
            case AuthDefinition.None none -> new NoCredentials();
            case AuthDefinition.OAuth2 oauth -> throw new IllegalArgumentException("OAuth is made by Authenticator.oauth");
            case AuthDefinition.OneOf choices -> throw new IllegalArgumentException("a choice of auth is resolved first");
            case AuthDefinition.ApiKey key when key.header() != null -> new HeaderKey(key.header(), first);
            case AuthDefinition.ApiKey key -> new QueryKey(key.queryParam(), first);
            case AuthDefinition.Bearer bearer -> new HeaderKey("Authorization", "Bearer " + first);
            case AuthDefinition.Basic basic -> new HeaderKey("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((first + ":" + second).getBytes(StandardCharsets.UTF_8)));
        };
    }

    /** OAuth 2 for {@code account}, its grant's fields rendered. */
    static Authenticator oauth(String account, String tokenUrl, String grantType, String clientId, String clientSecret,
                               String refreshToken, String scope, java.time.Duration timeout, String code,
                               String redirectUri, CredentialStore store) {
        return new OAuth(OAuthTokens.of(account, new OAuthTokens.Grant(URI.create(tokenUrl), grantType, clientId, clientSecret,
                refreshToken, scope, timeout, code, redirectUri), store));
    }

    record NoCredentials() implements Authenticator {
        @Override
        public void headers(HttpRequest.Builder request, ConnectorLog log) {
        }
    }

    /** {@code Authorization: Bearer <access token>}, the token from the account's {@link OAuthTokens}. */
    record OAuth(OAuthTokens tokens) implements Authenticator {
        @Override
        public void headers(HttpRequest.Builder request, ConnectorLog log) {
            request.header("Authorization", "Bearer " + tokens.accessToken(log));
        }

        @Override
        public boolean renew() {
            tokens.invalidate();
            return true;
        }

        @Override
        public String toString() {
            return "OAuth";
        }
    }

    record HeaderKey(String header, String value) implements Authenticator {
        @Override
        public void headers(HttpRequest.Builder request, ConnectorLog log) {
            request.header(header, value);
        }

        @Override
        public Set<String> secretHeaders() {
            return Set.of(header);
        }

        @Override
        public String toString() {
            return "HeaderKey[" + header + "]";
        }
    }

    record QueryKey(String param, String value) implements Authenticator {
        @Override
        public URI uri(URI uri) {
            String pair = URLEncoder.encode(param, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
            String text = uri.toString();
            return URI.create(text + (uri.getRawQuery() == null ? "?" : "&") + pair);
        }

        @Override
        public void headers(HttpRequest.Builder request, ConnectorLog log) {
        }

        @Override
        public String toString() {
            return "QueryKey[" + param + "]";
        }
    }
}
