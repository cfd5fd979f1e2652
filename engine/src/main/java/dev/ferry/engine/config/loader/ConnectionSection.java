package dev.ferry.engine.config.loader;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Secret;
import dev.ferry.api.UrlSecrets;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.config.loader.YamlNode.Entry;
import dev.ferry.engine.config.loader.YamlNode.YamlScalar;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Reads {@code connections:} and {@code state:}, resolving secrets and anchoring SQLite paths. */
final class ConnectionSection {

    /** A Convex deployment's deploy key, the connection's password under the name Convex gives it. */
    private static final String DEPLOY_KEY = "deploy_key";
    private static final List<String> CONNECTION_KEYS = List.of("url", "type", "user", "password", DEPLOY_KEY, "properties",
            ConnectionSpec.ZERO_DATES, ConnectionSpec.DECIMALS, ConnectionSpec.TINYINT1, ConnectionSpec.CONNECT_TIMEOUT);
    private static final List<String> STATE_KEYS = List.of("url", "user", "password");

    private final Problems problems;
    private final SecretResolver secrets;
    private final Path baseDirectory;
    private final Predicate<String> deferred;

    /** @param deferred the field paths whose secrets are not needed: a password there that cannot be read is left out */
    ConnectionSection(Problems problems, SecretResolver secrets, Path baseDirectory, Predicate<String> deferred) {
        this.problems = problems;
        this.secrets = secrets;
        this.baseDirectory = baseDirectory;
        this.deferred = deferred;
    }

    /**
     * Every connection that could be read, by name; {@code declared} receives every name given, valid or not.
     *
     * @param required whether the section must be there (not when connections may come from elsewhere)
     */
    Map<String, ConnectionConfig> readConnections(Fields root, List<String> declared, boolean required) {
        Map<String, ConnectionConfig> connections = new LinkedHashMap<>();
        YamlNode node = root.get("connections");
        if (node == null) {
            if (required) {
                root.missing("connections", "is required: a map of connection names to connections, "
                        + "each with at least a url");
            }
            return connections;
        }
        Fields all = Fields.open(node, "connections", problems, "a map of connection names to connections", null);
        if (all == null) {
            return connections;
        }
        if (all.map().entries().isEmpty()) {
            problems.add(node, "connections", "must define at least one connection");
        }
        for (Entry entry : all.map().entries().values()) {
            declared.add(entry.key());
            ConnectionConfig connection = readConnection(entry.key(), entry.value(), "connections." + entry.key());
            if (connection != null) {
                connections.put(entry.key(), connection);
            }
        }
        return connections;
    }

    private ConnectionConfig readConnection(String name, YamlNode node, String path) {
        if (name.isBlank()) {
            problems.add(node, path, "connection names must not be blank");
            return null;
        }
        Fields fields = Fields.open(node, path, problems, "a map with url and optionally type, user, password, properties",
                CONNECTION_KEYS);
        if (fields == null) {
            return null;
        }
        Url url = url(fields);
        String type = fields.text("type");
        String user = stripped(fields.text("user"));
        Secret password = connectionPassword(fields);
        Map<String, String> properties = new LinkedHashMap<>();
        fields.textMap("properties").forEach((key, value) -> {
            if (UrlSecrets.isSecretName(key) && !SecretResolver.containsReference(writtenText(value.at()))) {
                problems.add(value.at(), value.path(), "a password must not be written in the file; use "
                        + key + ": ${env:NAME} or ${file:PATH}, or password: for the connection's own password");
            } else {
                properties.put(key, value.value());
            }
        });
        Map<String, String> options = options(fields);
        if (url == null) {
            return null;
        }
        return new ConnectionConfig(name, type, url.value(), user, password, properties, options, url.shown());
    }

    /** A URL to connect with, and the form of it that may be shown. */
    private record Url(String value, String shown) {
    }

    private static String stripped(String text) {
        return text == null ? null : text.strip();
    }

    private static String writtenText(YamlNode node) {
        return node instanceof YamlScalar scalar ? scalar.written() : null;
    }

    /**
     * Ferry's own per-connection choices ({@link ConnectionSpec#ZERO_DATES}, {@link ConnectionSpec#DECIMALS},
     * {@link ConnectionSpec#TINYINT1}).
     */
    private static Map<String, String> options(Fields fields) {
        Map<String, String> options = new LinkedHashMap<>();
        connectTimeout(fields).ifPresent(seconds -> options.put(ConnectionSpec.CONNECT_TIMEOUT, seconds));
        String zeroDates = fields.text(ConnectionSpec.ZERO_DATES);
        if (zeroDates != null) {
            String value = zeroDates.strip();
            if (value.equals("fail") || value.equals("null") || isIsoDate(value)) {
                options.put(ConnectionSpec.ZERO_DATES, value);
            } else {
                fields.problem(ConnectionSpec.ZERO_DATES, "must be fail (the row fails, naming table, column and key), "
                        + "null, or a date such as 1970-01-01 that stands in for zero dates; not '" + value + "'");
            }
        }
        String decimals = fields.text(ConnectionSpec.DECIMALS);
        if (decimals != null) {
            String value = decimals.strip();
            if (value.equals("number") || value.equals("text")) {
                options.put(ConnectionSpec.DECIMALS, value);
            } else {
                fields.problem(ConnectionSpec.DECIMALS, "must be number (SQLite's own numbers; values they cannot "
                        + "hold exactly fail) or text (exact digits as text); not '" + value + "'");
            }
        }
        String tinyint1 = fields.text(ConnectionSpec.TINYINT1);
        if (tinyint1 != null) {
            String value = tinyint1.strip();
            if (value.equals("boolean") || value.equals("integer")) {
                options.put(ConnectionSpec.TINYINT1, value);
            } else {
                fields.problem(ConnectionSpec.TINYINT1, "must be boolean (0 and 1 are false and true; other values fail "
                        + "their row) or integer (a small integer holding every value); not '" + value + "'");
            }
        }
        return options;
    }

    /** {@link ConnectionSpec#CONNECT_TIMEOUT} in whole seconds, from a duration such as 10s, 1m or PT30S. */
    private static Optional<String> connectTimeout(Fields fields) {
        YamlNode node = fields.get(ConnectionSpec.CONNECT_TIMEOUT);
        if (node == null || Fields.isUnresolved(node)) {
            return Optional.empty();
        }
        String text = fields.text(ConnectionSpec.CONNECT_TIMEOUT);
        if (text == null) {
            return Optional.empty();
        }
        String hint = "must be a duration from 1s to 1h, such as 10s, 30s or 2m, not " + Fields.quoted(node, text.strip());
        Duration duration;
        try {
            duration = LookbackParser.duration(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            duration = null;
        }
        if (duration == null || duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.compareTo(Duration.ofHours(1)) > 0
                || duration.toNanos() % 1_000_000_000L != 0) {
            fields.problem(ConnectionSpec.CONNECT_TIMEOUT, hint);
            return Optional.empty();
        }
        return Optional.of(Long.toString(duration.toSeconds()));
    }

    private static boolean isIsoDate(String value) {
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** {@code state:}, or the embedded default when the section is absent. */
    StateConfig readState(Fields root) {
        YamlNode node = root.get("state");
        if (node == null) {
            return StateConfig.embeddedDefault();
        }
        Fields fields = Fields.open(node, "state", problems, "a map with url and optionally user and password", STATE_KEYS);
        if (fields == null) {
            return StateConfig.embeddedDefault();
        }
        Url url = url(fields);
        String user = stripped(fields.text("user"));
        Secret password = password(fields);
        return url == null ? StateConfig.embeddedDefault() : new StateConfig(url.value(), user, password, url.shown());
    }

    /**
     * The URL, its references resolved. A URL is shown in logs, errors and status output, so a
     * password written into it is refused, and one that comes from a reference is shown as the
     * reference.
     */
    private Url url(Fields fields) {
        String url = fields.requiredText("url", "is required, as in jdbc:postgresql://host:5432/db or jdbc:sqlite:data/app.db");
        if (url == null) {
            return null;
        }
        String written = writtenText(fields.get("url")).strip();
        Optional<String> writtenPassword = ConnectionRules.writtenPasswordProblem(written);
        if (writtenPassword.isPresent()) {
            fields.problem("url", writtenPassword.get());
            return null;
        }
        String resolved = SqliteUrls.resolve(url.strip(), baseDirectory);
        boolean fromReferences = fields.get("url") instanceof YamlScalar scalar
                && scalar.resolution() != YamlNode.Resolution.LITERAL;
        return new Url(resolved, fromReferences ? written : UrlSecrets.mask(resolved));
    }

    /** {@code password:}, or {@code deploy_key:} in its place; both at once is a problem, since only one can be used. */
    private Secret connectionPassword(Fields fields) {
        if (!fields.has(DEPLOY_KEY)) {
            return password(fields);
        }
        if (fields.has("password")) {
            fields.problem(DEPLOY_KEY, "give the deploy key once: deploy_key and password are the same secret, so keep one of them");
            return null;
        }
        return secret(fields, DEPLOY_KEY);
    }

    private Secret password(Fields fields) {
        return secret(fields, "password");
    }

    private Secret secret(Fields fields, String key) {
        YamlNode node = fields.get(key);
        if (node == null) {
            return null;
        }
        String path = fields.pathOf(key);
        if (!(node instanceof YamlScalar scalar)) {
            problems.add(node, path, "must be ${env:NAME} or ${file:PATH}, found " + node.kind());
            return null;
        }
        String reference = scalar.text().strip();
        if (!SecretResolver.isReference(reference)) {
            problems.add(node, path, SecretResolver.containsReference(reference)
                    ? "must be one whole reference, ${env:NAME} or ${file:PATH}, with nothing around it: a password "
                    + "is kept apart from the text of the file"
                    : "a password must not be written in the file; use ${env:NAME} "
                    + "(an environment variable) or ${file:PATH} (a file beside the pipeline)");
            return null;
        }
        try {
            return secrets.resolve(reference);
        } catch (SecretException e) {
            if (!deferred.test(path)) {
                problems.add(node, path, e.getMessage());
            }
            return null;
        }
    }
}
