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
     * OAuth 2: an access token from {@code tokenUrl} with the {@code client_credentials} grant, with
     * {@code refresh_token} from a refresh token, or with {@code authorization_code} from a code
     * exchanged once for a refresh token that is then kept; sent as {@code Authorization: Bearer}.
     */
    record OAuth2(Template tokenUrl, String grant, Template clientId, Template clientSecret, Template refreshToken,
                  Template scope, Template code, Template redirectUri) implements AuthDefinition {
    }

    /**
     * One of several ways, chosen by the settings a connection gives: the first whose {@code when}
     * setting has a value, else the one without {@code when} (GoHighLevel: OAuth when a client id is
     * given, else a private integration token).
     */
    record OneOf(java.util.List<Choice> choices) implements AuthDefinition {
        public OneOf {
            choices = java.util.List.copyOf(choices);
        }
    }

    /** A way to sign in, and the setting that chooses it (null: the fallback). */
    record Choice(String when, AuthDefinition auth) {
    }

    /** {@code Authorization: Basic base64(user:password)}. */
    record Basic(Template user, Template password) implements AuthDefinition {
    }
}
