package dev.ferry.connectors.http;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.FerryException;
import dev.ferry.connectors.http.definition.ApiDefinition;
import dev.ferry.connectors.http.definition.LimitsDefinition;
import dev.ferry.connectors.http.definition.SettingDefinition;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A connection's properties checked against what its API definition takes: every required setting
 * given, none unknown (a misspelt one would otherwise be ignored), defaults filled in. The kit's own
 * properties are {@code definition} (the file of a {@code type: http} connection) and
 * {@code retry_backoff} (the first wait before trying a call again; 1s) and {@code rate_limit}
 * ({@code 190/10s}: the account's own limit where the provider's plans differ, replacing the
 * definition's).
 */
public final class ConnectionSettings {
    static final String DEFINITION = "definition";
    static final String RETRY_BACKOFF = "retry_backoff";
    static final String RATE_LIMIT = "rate_limit";
    private static final Set<String> KIT = Set.of(DEFINITION, RETRY_BACKOFF, RATE_LIMIT);
    private static final java.util.regex.Pattern RATE = java.util.regex.Pattern.compile("(\\d+)\\s*/\\s*(\\d+)\\s*(ms|s|m|h)");

    private final String baseUrl;
    private final Map<String, String> values;
    private final List<String> secrets;
    private final Duration retryBackoff;
    private final LimitsDefinition limits;

    private ConnectionSettings(String baseUrl, Map<String, String> values, List<String> secrets, Duration retryBackoff,
                               LimitsDefinition limits) {
        this.baseUrl = baseUrl;
        this.values = values;
        this.secrets = secrets;
        this.retryBackoff = retryBackoff;
        this.limits = limits;
    }

    static ConnectionSettings of(ConnectionSpec spec, ApiDefinition definition) {
        Map<String, String> given = spec.properties();
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(definition.settings().keySet());
        unknown.removeAll(KIT);
        if (!unknown.isEmpty()) {
            throw new FerryException("Connection " + spec.name() + ": " + definition.provider() + " takes no "
                    + String.join(", ", unknown) + "; it takes " + known(definition));
        }
        Map<String, String> values = new HashMap<>();
        List<String> secrets = new ArrayList<>();
        for (SettingDefinition setting : definition.settings().values()) {
            String value = given.get(setting.name());
            if (value == null || value.isBlank()) {
                value = setting.defaultValue();
            }
            if (value == null && setting.required()) {
                throw new FerryException("Connection " + spec.name() + ": " + definition.provider() + " needs properties."
                        + setting.name() + (setting.secret() ? " (a secret: give it as ${env:NAME} or ${file:PATH})" : ""));
            }
            if (value != null) {
                values.put(setting.name(), value);
                if (setting.secret()) {
                    secrets.add(value);
                }
            }
        }
        if (spec.password() != null && !spec.password().isEmpty()) {
            secrets.add(spec.password().reveal());
        }
        String baseUrl = spec.url().isBlank() ? definition.baseUrl() : spec.url().strip();
        if (baseUrl == null || !(baseUrl.startsWith("https://") || baseUrl.startsWith("http://"))) {
            throw new FerryException("Connection " + spec.name() + ": url must be the API's base URL, as "
                    + (definition.baseUrl() == null ? "https://api.example.com/v1" : definition.baseUrl()) + "; it is '"
                    + spec.shownUrl() + "'");
        }
        return new ConnectionSettings(baseUrl, Map.copyOf(values), List.copyOf(secrets), backoff(spec),
                limits(spec, definition.limits()));
    }

    /** Where the API is: the connection's url, else the definition's base URL. */
    public String baseUrl() {
        return baseUrl;
    }

    /** A setting's value, or null when the connection gives none and it has no default. */
    public String get(String name) {
        return values.get(name);
    }

    /** Every secret value, to be masked wherever a call's text is shown. */
    public List<String> secrets() {
        return secrets;
    }

    public Duration retryBackoff() {
        return retryBackoff;
    }

    /** The definition's limits, with the connection's own rate when it gives one. */
    public LimitsDefinition limits() {
        return limits;
    }

    private static LimitsDefinition limits(ConnectionSpec spec, LimitsDefinition defined) {
        String text = spec.properties().get(RATE_LIMIT);
        if (text == null) {
            return defined;
        }
        java.util.regex.Matcher rate = RATE.matcher(text.strip());
        if (!rate.matches() || Integer.parseInt(rate.group(1)) < 1) {
            throw new FerryException("Connection " + spec.name() + ": properties." + RATE_LIMIT + " is '" + text
                    + "'; calls per window, as 190/10s or 10/1s");
        }
        long amount = Long.parseLong(rate.group(2));
        Duration per = switch (rate.group(3)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return new LimitsDefinition(Integer.parseInt(rate.group(1)), per, defined.remainingHeader(), defined.windowHeader(),
                defined.timeout(), defined.retries(), defined.maxWait());
    }

    /** A digest of the secrets, so the account a connection calls can be told apart without keeping them. */
    String credentialDigest() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String secret : secrets) {
                digest.update(secret.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Duration backoff(ConnectionSpec spec) {
        String text = spec.properties().get(RETRY_BACKOFF);
        if (text == null) {
            return Duration.ofSeconds(1);
        }
        try {
            String value = text.strip();
            return value.endsWith("ms") ? Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)))
                    : Duration.ofSeconds(Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value));
        } catch (NumberFormatException e) {
            throw new FerryException("Connection " + spec.name() + ": properties." + RETRY_BACKOFF + " is '" + text
                    + "'; a duration such as 1s or 250ms");
        }
    }

    private static String known(ApiDefinition definition) {
        Set<String> known = new TreeSet<>(definition.settings().keySet());
        known.addAll(KIT);
        return String.join(", ", known);
    }
}
