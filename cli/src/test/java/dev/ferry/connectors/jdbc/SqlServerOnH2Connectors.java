package dev.ferry.connectors.jdbc;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.ConnectorFactory;
import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.Source;

import java.util.Set;

/**
 * For tests of whole pipelines only: an H2 database in its SQL Server mode ({@code jdbc:h2:...;MODE=MSSQLServer})
 * written as a SQL Server destination, through the SQL Server dialect's statements
 * ({@link H2AsSqlServerDialect}). No SQL Server can run where Ferry is built; this lets {@code ferry run}
 * write through the dialect end to end. It lives in the JDBC connector's package because the
 * destination it opens is that package's own.
 */
public final class SqlServerOnH2Connectors implements ConnectorFactory {
    static final String TYPE = "sqlserver-on-h2";

    @Override
    public Set<String> types() {
        return Set.of(TYPE);
    }

    @Override
    public String typeForUrl(String url) {
        return url != null && url.startsWith("jdbc:h2:") && url.contains(";MODE=MSSQLServer") ? TYPE : null;
    }

    @Override
    public Source openSource(ConnectionSpec spec) {
        throw new FerryException("Connection " + spec.name() + ": SQL Server on H2 is a destination for tests only");
    }

    @Override
    public Destination openDestination(ConnectionSpec spec) {
        return new JdbcDestination(spec, new H2AsSqlServerDialect());
    }
}
