package dev.ferry.server.auth;

/**
 * A new token and its secret value: the only time the value exists outside the caller's hands.
 * {@link #toString()} leaves the value out, so logging one never leaks it.
 */
public record IssuedToken(TokenInfo info, String value) {

    @Override
    public String toString() {
        return "IssuedToken[" + info + "]";
    }
}
