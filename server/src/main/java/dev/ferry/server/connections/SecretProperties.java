package dev.ferry.server.connections;

import dev.ferry.api.UrlSecrets;

import java.util.List;
import java.util.Locale;

/**
 * Which connection properties hold secrets, and so are stored encrypted and never shown. The rule:
 * a property is secret when the engine counts its name as a password ({@link UrlSecrets#isSecretName}:
 * pwd, passwd, pass, token, accessToken, and any name ending in password or secret), or when its
 * name, lower-cased with everything but letters and digits removed, ends in one of
 * {@link #SECRET_ENDINGS}: {@code apiKey}, {@code deploy_key}, {@code sslkey}, {@code refresh-token},
 * {@code clientSecret}, {@code credentials}, {@code passphrase}. The rule errs on the side of secrecy:
 * a property wrongly taken for a secret is only shown as "set" instead of its value.
 *
 * <p>Stateless.
 */
public final class SecretProperties {
    public static final List<String> SECRET_ENDINGS = List.of("password", "passwd", "pwd", "secret", "token", "key",
            "credential", "credentials", "passphrase");

    private SecretProperties() {
    }

    public static boolean isSecret(String name) {
        if (UrlSecrets.isSecretName(name)) {
            return true;
        }
        String normalized = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return SECRET_ENDINGS.stream().anyMatch(normalized::endsWith);
    }
}
