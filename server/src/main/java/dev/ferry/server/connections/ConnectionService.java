package dev.ferry.server.connections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.api.FerryException;
import dev.ferry.api.Secret;
import dev.ferry.api.UrlSecrets;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.ExternalConnections;
import dev.ferry.engine.config.loader.ConnectionRules;
import dev.ferry.engine.config.loader.SecretResolver;
import dev.ferry.engine.connect.ConnectionProbe;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.server.http.Json;
import dev.ferry.engine.secrets.KeysetSource;
import dev.ferry.engine.secrets.KeysetUnavailableException;
import dev.ferry.engine.secrets.SecretKeys;
import dev.ferry.server.store.Sql;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Connections stored in the server's database, which pipelines may name without declaring them
 * ({@link #external()}), and which the API creates, reads, checks and discovers. Passwords and
 * secret properties ({@link SecretProperties}) are sealed with {@link SecretKeys}; everything else is
 * kept as written, {@code ${env:NAME}} and {@code ${file:PATH}} references included, and resolved
 * each time the connection is used, from the server's environment and, for relative paths, its
 * working folder.
 *
 * <p>Thread-safe.
 */
public final class ConnectionService {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final TypeReference<Map<String, String>> TEXT_MAP = new TypeReference<>() {
    };

    private final Sql sql;
    private final ConnectorRegistry connectors;
    private final Map<String, String> environment;
    private final Path folder;
    private final Clock clock;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private SecretKeys keys;

    private ConnectionService(Sql sql, ConnectorRegistry connectors, Map<String, String> environment, Path folder,
                              Clock clock) {
        this.sql = sql;
        this.connectors = connectors;
        this.environment = Map.copyOf(environment);
        this.folder = folder;
        this.clock = clock;
    }

    /**
     * Opens the service and its keyset; a keyset that cannot be used does not stop it (see
     * {@link SecretKeys}): only the connections with sealed secrets are then unusable, each saying why.
     *
     * @param folder where relative {@code ${file:PATH}} references are taken from: the server's working folder
     */
    public static ConnectionService open(Sql sql, KeysetSource keyset, ConnectorRegistry connectors,
                                         Map<String, String> environment, Path folder, Clock clock) {
        ConnectionService service = new ConnectionService(sql, connectors, environment, folder, clock);
        service.keys = SecretKeys.open(keyset, service::connectionsWithSecrets);
        return service;
    }

    public SecretKeys keys() {
        return keys;
    }

    /** What was stored, and whether it was new. */
    public record Stored(StoredConnection connection, boolean created, String changes) {
    }

    /** Every stored connection, by name. */
    public List<StoredConnection> list() {
        Map<String, Map<String, String>> sealed = new HashMap<>();
        sql.query("read sealed secrets", "SELECT connection, field, sealed FROM ferry_connection_secret", row -> {
            sealed.computeIfAbsent(row.getString("connection"), name -> new TreeMap<>())
                    .put(row.getString("field"), row.getString("sealed"));
            return null;
        });
        return sql.query("list connections", "SELECT * FROM ferry_connection ORDER BY name",
                row -> connection(row, sealed.getOrDefault(row.getString("name"), Map.of())));
    }

    public Optional<StoredConnection> find(String name) {
        Map<String, String> sealed = new TreeMap<>();
        sql.query("read the secrets of connection " + name, "SELECT field, sealed FROM ferry_connection_secret WHERE connection = ?",
                row -> sealed.put(row.getString("field"), row.getString("sealed")), name);
        return sql.queryOne("read connection " + name, "SELECT * FROM ferry_connection WHERE name = ?",
                row -> connection(row, sealed), name);
    }

    /** The names of connections that have sealed secrets. */
    public List<String> connectionsWithSecrets() {
        return sql.query("list connections with secrets",
                "SELECT DISTINCT connection FROM ferry_connection_secret ORDER BY connection", row -> row.getString(1));
    }

    /**
     * Creates or replaces a connection. Secrets not mentioned are kept (see {@link ConnectionInput}).
     *
     * @throws IllegalArgumentException when the name or a value is not valid; the message names the field
     * @throws dev.ferry.engine.secrets.KeysetUnavailableException when a secret must be sealed and the keyset cannot be used
     */
    public synchronized Stored put(String name, ConnectionInput input, String actor) {
        checkName(name);
        String url = input.url() == null ? "" : input.url().strip();
        if (url.isEmpty()) {
            throw new IllegalArgumentException("url is required, as in jdbc:postgresql://host:5432/db or jdbc:sqlite:/data/app.db");
        }
        ConnectionRules.writtenPasswordProblem(url).ifPresent(problem -> {
            throw new IllegalArgumentException("url " + problem.replace("use password: ", "send the password in the "
                    + "password field, or use "));
        });
        String type = blankToNull(input.type());
        checkType(name, type, url);
        Map<String, String> options = new TreeMap<>();
        input.options().forEach((option, value) -> {
            try {
                options.put(option, ConnectionRules.option(option, value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("options." + e.getMessage());
            }
        });

        Optional<StoredConnection> existing = find(name);
        List<String> changes = new ArrayList<>();
        Map<String, String> seal = new LinkedHashMap<>();
        List<String> unseal = new ArrayList<>();

        String passwordReference = existing.map(StoredConnection::passwordReference).orElse(null);
        if (input.passwordGiven()) {
            String password = input.password();
            unseal.add(StoredConnection.PASSWORD_FIELD);
            passwordReference = null;
            if (password == null) {
                changes.add("password cleared");
            } else if (password.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty; send \"password\": null to clear it, "
                        + "or leave the field out to keep the stored one");
            } else if (SecretResolver.isReference(password.strip())) {
                passwordReference = password.strip();
                changes.add("password from a reference");
            } else {
                seal.put(StoredConnection.PASSWORD_FIELD, password);
                changes.add("password set");
            }
        } else if (existing.map(StoredConnection::passwordSet).orElse(false)) {
            changes.add("password kept");
        }

        Map<String, String> properties = new TreeMap<>();
        existing.ifPresent(old -> old.properties().forEach((property, value) -> {
            if (SecretProperties.isSecret(property)) {
                properties.put(property, value); // a secret-named reference not mentioned is kept, as sealed ones are
            }
        }));
        input.properties().forEach((property, value) -> {
            if (property.isBlank()) {
                throw new IllegalArgumentException("properties: a property name must not be blank");
            }
            if (!SecretProperties.isSecret(property)) {
                if (value != null) {
                    properties.put(property, value);
                }
                return;
            }
            String field = StoredConnection.PROPERTY_FIELD_PREFIX + property;
            unseal.add(field);
            properties.remove(property);
            if (value == null) {
                changes.add("secret property " + property + " cleared");
            } else if (SecretResolver.isReference(value.strip())) {
                properties.put(property, value.strip());
                changes.add("secret property " + property + " from a reference");
            } else {
                seal.put(field, value);
                changes.add("secret property " + property + " set");
            }
        });

        Map<String, SecretKeys.Sealed> sealed = new LinkedHashMap<>();
        seal.forEach((field, value) -> sealed.put(field, keys.seal(value, SecretKeys.associatedData(name, field))));
        long now = clock.millis();
        String user = blankToNull(input.user());
        String storedReference = passwordReference;
        sql.inTransaction("store connection " + name, connection -> {
            try (PreparedStatement upsert = Sql.prepare(connection, "INSERT INTO ferry_connection (name, type, url, user_name, "
                            + "password_reference, properties, options, created_at, updated_at, updated_by) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET type = excluded.type, "
                            + "url = excluded.url, user_name = excluded.user_name, password_reference = excluded.password_reference, "
                            + "properties = excluded.properties, options = excluded.options, updated_at = excluded.updated_at, "
                            + "updated_by = excluded.updated_by",
                    name, type, url, user, storedReference, write(properties), write(options), now, now, actor)) {
                upsert.executeUpdate();
            }
            for (String field : unseal) {
                try (PreparedStatement delete = Sql.prepare(connection,
                        "DELETE FROM ferry_connection_secret WHERE connection = ? AND field = ?", name, field)) {
                    delete.executeUpdate();
                }
            }
            for (Map.Entry<String, SecretKeys.Sealed> entry : sealed.entrySet()) {
                try (PreparedStatement insert = Sql.prepare(connection, "INSERT INTO ferry_connection_secret "
                        + "(connection, field, sealed, key_id) VALUES (?, ?, ?, ?)", name, entry.getKey(),
                        entry.getValue().text(), entry.getValue().keyId())) {
                    insert.executeUpdate();
                }
            }
            return null;
        });
        changed();
        return new Stored(find(name).orElseThrow(), existing.isEmpty(), String.join(", ", changes));
    }

    /** Deletes a connection and its secrets; returns whether it existed. */
    public synchronized boolean delete(String name) {
        boolean deleted = sql.inTransaction("delete connection " + name, connection -> {
            try (PreparedStatement secrets = Sql.prepare(connection, "DELETE FROM ferry_connection_secret WHERE connection = ?", name);
                 PreparedStatement row = Sql.prepare(connection, "DELETE FROM ferry_connection WHERE name = ?", name)) {
                secrets.executeUpdate();
                return row.executeUpdate() > 0;
            }
        });
        if (deleted) {
            changed();
        }
        return deleted;
    }

    /**
     * The connection ready to use: references resolved, secrets decrypted.
     *
     * @throws FerryException when it cannot be used; the message starts with the reason (without the
     *                        connection's name) and says what to do, and never holds a secret
     */
    public Optional<ConnectionConfig> resolve(String name) {
        return find(name).map(this::toConfig);
    }

    /** Why the connection cannot be used now; null when it can. References and secrets are tried, never shown. */
    public String problem(StoredConnection connection) {
        try {
            toConfig(connection);
            return null;
        } catch (FerryException e) {
            return e.getMessage();
        }
    }

    /** The stored connections, for pipelines that name one without declaring it. */
    public ExternalConnections external() {
        return new ExternalConnections() {
            @Override
            public List<String> names() {
                return sql.query("list connection names", "SELECT name FROM ferry_connection ORDER BY name", row -> row.getString(1));
            }

            @Override
            public Optional<ConnectionConfig> find(String name) {
                return resolve(name);
            }
        };
    }

    /**
     * What {@code ferry check} does for one connection. A connection that cannot be resolved is a failed
     * verdict saying why; the error never holds one of the connection's secrets.
     */
    public ConnectionProbe.Verdict check(String name, ConnectionProbe.Role role) {
        StoredConnection stored = find(name).orElseThrow(() -> new java.util.NoSuchElementException("Connection " + name));
        ConnectionConfig config;
        try {
            config = toConfig(stored);
        } catch (FerryException e) {
            return new ConnectionProbe.Verdict(name, role.label(), false, "Connection " + name + ": " + e.getMessage(), 0, null);
        }
        ConnectionProbe.Verdict verdict = new ConnectionProbe(connectors).check(config, role);
        return verdict.ok() ? verdict : new ConnectionProbe.Verdict(verdict.connection(), verdict.role(), false,
                scrub(verdict.error(), config), verdict.millis(), verdict.note());
    }

    /** The result of a discovery: the streams, or why there are none. */
    public record Discovery(String connection, boolean ok, String error, List<DiscoveredStream> streams) {
    }

    /** What {@code ferry discover} does for one connection, as a source. */
    public Discovery discover(String name) {
        StoredConnection stored = find(name).orElseThrow(() -> new java.util.NoSuchElementException("Connection " + name));
        ConnectionConfig config;
        try {
            config = toConfig(stored);
        } catch (FerryException e) {
            return new Discovery(name, false, "Connection " + name + ": " + e.getMessage(), List.of());
        }
        try {
            return new Discovery(name, true, null, new ConnectionProbe(connectors).discover(config));
        } catch (RuntimeException e) {
            return new Discovery(name, false, scrub(String.valueOf(e.getMessage()), config), List.of());
        }
    }

    /** Calls {@code listener} after every change, on the changing thread (pipelines using a connection are read again). */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    private ConnectionConfig toConfig(StoredConnection stored) {
        SecretResolver resolver = new SecretResolver(environment, folder);
        try {
            String url = resolver.interpolate(stored.url());
            String user = stored.user() == null ? null : resolver.interpolate(stored.user());
            Secret password = null;
            if (stored.passwordReference() != null) {
                password = resolver.resolve(stored.passwordReference());
            } else if (stored.sealed().containsKey(StoredConnection.PASSWORD_FIELD)) {
                password = Secret.of(unseal(stored, StoredConnection.PASSWORD_FIELD, "its password"));
            }
            Map<String, String> properties = new LinkedHashMap<>();
            for (Map.Entry<String, String> property : stored.properties().entrySet()) {
                properties.put(property.getKey(), resolver.interpolate(property.getValue()));
            }
            for (String property : stored.sealedProperties()) {
                properties.put(property, unseal(stored, StoredConnection.PROPERTY_FIELD_PREFIX + property,
                        "its secret property " + property));
            }
            return new ConnectionConfig(stored.name(), stored.type(), url, user, password, properties, stored.options(),
                    ConnectionRules.shownUrl(stored.url(), url));
        } catch (dev.ferry.engine.config.loader.SecretException e) {
            throw new FerryException("a reference cannot be resolved: " + e.getMessage()
                    + "; set it where the server runs, or store the connection again with PUT /api/connections/" + stored.name());
        }
    }

    private String unseal(StoredConnection stored, String field, String what) {
        try {
            return keys.open(stored.sealed().get(field), SecretKeys.associatedData(stored.name(), field));
        } catch (KeysetUnavailableException e) {
            throw new FerryException(what + " cannot be read: " + e.getMessage(), e);
        } catch (FerryException e) {
            throw new FerryException(what + " cannot be read: " + e.getMessage() + ". Start the server with the keyset "
                    + "it was stored with, or store it again with PUT /api/connections/" + stored.name(), e);
        }
    }

    /** A connector's message with every secret of the connection replaced by the mask, should a driver quote one. */
    public static String scrub(String message, ConnectionConfig config) {
        if (message == null) {
            return null;
        }
        List<String> secrets = new ArrayList<>();
        if (config.password() != null) {
            secrets.add(config.password().reveal());
        }
        config.properties().forEach((property, value) -> {
            if (SecretProperties.isSecret(property)) {
                secrets.add(value);
            }
        });
        String scrubbed = message;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                scrubbed = scrubbed.replace(secret, UrlSecrets.MASK);
            }
        }
        return scrubbed;
    }

    private void checkType(String name, String type, String url) {
        if (type != null) {
            if (!connectors.knownTypes().contains(type)) {
                throw new IllegalArgumentException("type '" + type + "' is not known; known types are "
                        + String.join(", ", connectors.knownTypes()));
            }
            return;
        }
        if (url.startsWith("${")) {
            return; // the type is known only once the reference is resolved, when the connection is used
        }
        try {
            connectors.typeOf(new ConnectionConfig(name, null, url, null, null, Map.of()));
        } catch (FerryException e) {
            throw new IllegalArgumentException("url: " + e.getMessage());
        }
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a connection name is 1 to 64 letters, digits, _ . or -");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String write(Map<String, String> map) {
        try {
            return Json.MAPPER.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> read(String json) {
        try {
            return Json.MAPPER.readValue(json, TEXT_MAP);
        } catch (JsonProcessingException e) {
            throw new FerryException("A stored connection's JSON cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static StoredConnection connection(ResultSet row, Map<String, String> sealed) throws SQLException {
        return new StoredConnection(row.getString("name"), row.getString("type"), row.getString("url"),
                row.getString("user_name"), row.getString("password_reference"), read(row.getString("properties")),
                read(row.getString("options")), sealed, Instant.ofEpochMilli(row.getLong("created_at")),
                Instant.ofEpochMilli(row.getLong("updated_at")), row.getString("updated_by"));
    }
}
