package dev.ferry.connectors.http.definition;

/** How calls to an API sign in; each value is a template over the connection's settings. */
public sealed interface AuthDefinition {

    /** No credentials. */
    record None() implements AuthDefinition {
    }

    /** A key in a header ({@code X-Api-Key: …}) or, when {@code queryParam} is set, in the query. */
    record ApiKey(String header, String queryParam, Template value) implements AuthDefinition {
    }

    /** {@code Authorization: Bearer <token>}. */
    record Bearer(Template token) implements AuthDefinition {
    }

    /**
     * OAuth 2: an access token from {@code tokenUrl} with the {@code client_credentials} grant, or
     * with {@code refresh_token} from a refresh token, sent as {@code Authorization: Bearer}.
     */
    record OAuth2(Template tokenUrl, String grant, Template clientId, Template clientSecret, Template refreshToken,
                  Template scope) implements AuthDefinition {
    }

    /** {@code Authorization: Basic base64(user:password)}. */
    record Basic(Template user, Template password) implements AuthDefinition {
    }
}
