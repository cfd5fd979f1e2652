package dev.ferry.engine.config.loader;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.Secret;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.StateConfig;
import dev.ferry.engine.config.loader.YamlNode.Entry;
import dev.ferry.engine.config.loader.YamlNode.YamlScalar;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code connections:} and {@code state:}, resolving secrets and anchoring SQLite paths. */
final class ConnectionSection {

    private static final List<String> CONNECTION_KEYS = List.of("url", "type", "user", "password", "properties",
            ConnectionSpec.ZERO_DATES, ConnectionSpec.DECIMALS, ConnectionSpec.TINYINT1);
    private static final List<String> STATE_KEYS = List.of("url", "user", "password");

    private final Problems problems;
    private final SecretResolver secrets;
    private final Path baseDirectory;

    ConnectionSection(Problems problems, SecretResolver secrets, Path baseDirectory) {
        this.problems = problems;
        this.secrets = secrets;
        this.baseDirectory = baseDirectory;
    }

    /** Every connection that could be read, by name; {@code declared} receives every name given, valid or not. */
    Map<String, ConnectionConfig> readConnections(Fields root, List<String> declared) {
        Map<String, ConnectionConfig> connections = new LinkedHashMap<>();
        YamlNode node = root.get("connections");
        if (node == null) {
            root.missing("connections", "is required: a map of connection names to connections, "
                    + "each with at least a url");
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
        String url = url(fields);
        String type = fields.text("type");
        String user = user(fields);
        Secret password = password(fields);
        Map<String, String> properties = new LinkedHashMap<>();
        fields.textMap("properties").forEach((key, value) -> {
            try {
                properties.put(key, secrets.resolveIfReference(value.value()));
            } catch (SecretException e) {
                problems.add(value.at(), value.path(), e.getMessage());
            }
        });
        Map<String, String> options = options(fields);
        if (url == null) {
            return null;
        }
        return new ConnectionConfig(name, type, url, user, password, properties, options);
    }

    /**
     * Ferry's own per-connection choices ({@link ConnectionSpec#ZERO_DATES}, {@link ConnectionSpec#DECIMALS},
     * {@link ConnectionSpec#TINYINT1}).
     */
    private static Map<String, String> options(Fields fields) {
        Map<String, String> options = new LinkedHashMap<>();
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
        String url = url(fields);
        String user = user(fields);
        Secret password = password(fields);
        return url == null ? StateConfig.embeddedDefault() : new StateConfig(url, user, password);
    }

    private String url(Fields fields) {
        String url = fields.requiredText("url", "is required, as in jdbc:postgresql://host:5432/db or jdbc:sqlite:data/app.db");
        if (url == null) {
            return null;
        }
        if (SecretResolver.isReference(url.strip())) {
            // A URL is shown in logs and status output, so it must not be where a secret lives.
            fields.problem("url", "secret references are not allowed in url; keep the password in "
                    + "password: ${env:NAME} or ${file:PATH}");
            return null;
        }
        return SqliteUrls.resolve(url.strip(), baseDirectory);
    }

    private String user(Fields fields) {
        String user = fields.text("user");
        if (user == null) {
            return null;
        }
        try {
            return secrets.resolveIfReference(user.strip());
        } catch (SecretException e) {
            fields.problem("user", e.getMessage());
            return null;
        }
    }

    private Secret password(Fields fields) {
        YamlNode node = fields.get("password");
        if (node == null) {
            return null;
        }
        String path = fields.pathOf("password");
        if (!(node instanceof YamlScalar scalar)) {
            problems.add(node, path, "must be ${env:NAME} or ${file:PATH}, found " + node.kind());
            return null;
        }
        String reference = scalar.text().strip();
        if (!SecretResolver.isReference(reference)) {
            problems.add(node, path, "a password must not be written in the file; use ${env:NAME} "
                    + "(an environment variable) or ${file:PATH} (a file beside the pipeline)");
            return null;
        }
        try {
            return secrets.resolve(reference);
        } catch (SecretException e) {
            problems.add(node, path, e.getMessage());
            return null;
        }
    }
}
