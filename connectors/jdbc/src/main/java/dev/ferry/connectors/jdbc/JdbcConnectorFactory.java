package dev.ferry.connectors.jdbc;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.ConnectorFactory;
import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.Source;
import dev.ferry.connectors.jdbc.mariadb.MariaDbDialect;
import dev.ferry.connectors.jdbc.postgres.PostgresDialect;
import dev.ferry.connectors.jdbc.sqlite.SqliteDialect;
import dev.ferry.connectors.jdbc.sqlserver.SqlServerDialect;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JDBC connector family: one {@link Dialect} per database, found by connection type. Adding a
 * database means adding its dialect to {@link #DIALECTS}.
 */
public final class JdbcConnectorFactory implements ConnectorFactory {
    private static final List<Dialect> DIALECTS = List.of(new PostgresDialect(), new SqliteDialect(), new MariaDbDialect(),
            new SqlServerDialect());

    @Override
    public Set<String> types() {
        Set<String> types = new LinkedHashSet<>();
        DIALECTS.forEach(dialect -> types.add(dialect.type()));
        return types;
    }

    @Override
    public String typeForUrl(String url) {
        for (Dialect dialect : DIALECTS) {
            if (url != null && url.startsWith(dialect.urlPrefix())) {
                return dialect.type();
            }
        }
        return null;
    }

    @Override
    public Source openSource(ConnectionSpec spec) {
        return new JdbcSource(spec, dialectFor(spec));
    }

    @Override
    public Destination openDestination(ConnectionSpec spec) {
        return new JdbcDestination(spec, dialectFor(spec));
    }

    /** The dialect serving {@code type}; throws a {@link FerryException} listing the known types. */
    public static Dialect dialect(String type) {
        for (Dialect dialect : DIALECTS) {
            if (dialect.type().equals(type)) {
                return dialect;
            }
        }
        throw new FerryException("Unknown JDBC connection type '" + type + "'; known types are "
                + DIALECTS.stream().map(Dialect::type).toList());
    }

    /**
     * A connection spec for a JDBC URL that carries its own credentials, its type taken from the URL;
     * convenient for tests, benchmarks and one-off commands.
     */
    public static ConnectionSpec connection(String name, String url) {
        String type = new JdbcConnectorFactory().typeForUrl(url);
        if (type == null) {
            throw new FerryException("Connection " + name + ": no JDBC dialect serves this URL; it should start with one of "
                    + DIALECTS.stream().map(Dialect::urlPrefix).toList());
        }
        return new ConnectionSpec(name, type, url, null, null, Map.of());
    }

    private static Dialect dialectFor(ConnectionSpec spec) {
        Dialect dialect = dialect(spec.type());
        if (!spec.url().startsWith(dialect.urlPrefix())) {
            throw new FerryException("Connection " + spec.name() + " has type " + spec.type()
                    + " but its URL does not start with " + dialect.urlPrefix());
        }
        return dialect.forConnection(spec);
    }
}
