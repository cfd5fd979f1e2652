package dev.ferry.connectors.http;

import dev.ferry.api.ConnectorLog;
import dev.ferry.api.CredentialStore;
import dev.ferry.api.FerryException;
import dev.ferry.connectors.http.call.ApiClient;
import dev.ferry.connectors.http.call.ApiRequest;
import dev.ferry.connectors.http.call.ApiResponse;
import dev.ferry.connectors.http.call.Authenticator;
import dev.ferry.connectors.http.call.Redaction;
import dev.ferry.connectors.http.definition.ApiDefinition;
import dev.ferry.connectors.http.definition.AuthDefinition;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A connection to one provider account: its definition, its settings, and the client that calls it
 * within the account's limits. Shared by the source and the destination of a connection.
 */
final class ApiConnection {
    private final ApiDefinition definition;
    private final ConnectionSettings settings;
    private final ApiClient client;

    ApiConnection(ApiDefinition definition, ConnectionSettings settings, CredentialStore credentials) {
        this.definition = definition;
        this.settings = settings;
        Scope scope = Scope.of(settings);
        String account = definition.provider() + " " + settings.baseUrl() + " " + settings.credentialDigest();
        Authenticator authenticator = authenticator(definition.auth(), scope, account, settings, credentials);
        Map<String, String> headers = new LinkedHashMap<>();
        definition.headers().forEach((name, template) -> headers.put(name, template.require(scope, text -> text)));
        this.client = new ApiClient(definition.provider(), account, settings.limits(), authenticator, headers,
                new Redaction(settings.secrets(), authenticator.secretHeaders()), settings.retryBackoff());
    }

    ApiDefinition definition() {
        return definition;
    }

    ConnectionSettings settings() {
        return settings;
    }

    ApiClient client() {
        return client;
    }

    /** A token URL as given, or a path under the API's base URL (as a test's fake serves it). */
    private static String absolute(String url, String baseUrl) {
        if (url.startsWith("http://") || url.startsWith("https://")) {
            return url;
        }
        return baseUrl.replaceAll("/$", "") + (url.startsWith("/") ? url : "/" + url);
    }

    /** Calls the definition's check path; false when the definition has none. */
    boolean checkPath() {
        if (definition.checkPath() == null) {
            return false;
        }
        String path = definition.checkPath().require(Scope.of(settings), text -> text);
        URI uri = URI.create(settings.baseUrl().replaceAll("/$", "") + (path.startsWith("/") ? path : "/" + path));
        Map<String, String> headers = new LinkedHashMap<>();
        definition.checkHeaders().forEach((name, template) -> headers.put(name, template.require(Scope.of(settings), text -> text)));
        ApiResponse response = client.send(new ApiRequest("GET", uri, headers, null), ConnectorLog.NONE);
        if (!response.isSuccess()) {
            throw new FerryException(definition.provider() + " did not accept the connection: "
                    + client.redaction().describe("GET", uri.toString(), response));
        }
        return true;
    }

    private static Authenticator authenticator(AuthDefinition auth, Scope scope, String account, ConnectionSettings settings,
                                               CredentialStore credentials) {
        return switch (auth) {
            case AuthDefinition.OneOf oneOf -> authenticator(oneOf.choices().stream()
                    .filter(choice -> choice.when() == null || settings.get(choice.when()) != null).findFirst()
                    .orElseThrow(() -> new dev.ferry.api.FerryException(settings.baseUrl() + ": the connection gives none of "
                            + "the settings that choose how to sign in: " + oneOf.choices().stream()
                            .map(AuthDefinition.Choice::when).toList())).auth(), scope, account, settings, credentials);
            case AuthDefinition.OAuth2 oauth -> Authenticator.oauth(account, absolute(oauth.tokenUrl().require(scope, text -> text),
                            settings.baseUrl()), oauth.grant(), oauth.clientId().require(scope, text -> text),
                    oauth.clientSecret().require(scope, text -> text),
                    oauth.refreshToken() == null ? null : oauth.refreshToken().render(scope, text -> text).orElse(null),
                    oauth.scope() == null ? null : oauth.scope().require(scope, text -> text), settings.limits().timeout(),
                    oauth.code() == null ? null : oauth.code().render(scope, text -> text).orElse(null),
                    oauth.redirectUri() == null ? null : oauth.redirectUri().render(scope, text -> text).orElse(null),
                    credentials);
            case AuthDefinition.None none -> Authenticator.of(auth, null, null);
            case AuthDefinition.ApiKey key -> Authenticator.of(auth, key.value().require(scope, text -> text), null);
            case AuthDefinition.Bearer bearer -> Authenticator.of(auth, bearer.token().require(scope, text -> text), null);
            case AuthDefinition.Basic basic -> Authenticator.of(auth, basic.user().require(scope, text -> text),
                    basic.password().require(scope, text -> text));
        };
    }
}
