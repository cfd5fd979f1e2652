package dev.ferry.connectors.jdbc;

import dev.ferry.api.ConnectionSpec;

import java.util.Map;

/**
 * A destination of the type fidelity matrix: an engine and the connection choices Ferry writes it
 * with. SQLite runs twice, with decimals as its own numbers (the default) and as exact text.
 */
enum FidelityTarget {
    POSTGRESQL(FidelityEngine.POSTGRESQL, Map.of()),
    MARIADB(FidelityEngine.MARIADB, Map.of()),
    SQLITE(FidelityEngine.SQLITE, Map.of()),
    SQLITE_TEXT_DECIMALS(FidelityEngine.SQLITE, Map.of(ConnectionSpec.DECIMALS, "text")),
    /** The SQL Server dialect's statements on H2 in its SQL Server mode ({@link SqlServerFidelityOnH2Test}). */
    SQLSERVER_ON_H2(null, Map.of());

    private final FidelityEngine engine;
    private final Map<String, String> options;

    FidelityTarget(FidelityEngine engine, Map<String, String> options) {
        this.engine = engine;
        this.options = options;
    }

    /** The real engine written, or null for SQL Server on H2. */
    FidelityEngine engine() {
        return engine;
    }

    /** {@code spec} with this target's connection choices. */
    ConnectionSpec configure(ConnectionSpec spec) {
        return new ConnectionSpec(spec.name(), spec.type(), spec.url(), spec.user(), spec.password(), spec.properties(),
                options);
    }

    /** The targets that are real engines written through Ferry's Destination. */
    static FidelityTarget[] real() {
        return new FidelityTarget[] {POSTGRESQL, MARIADB, SQLITE, SQLITE_TEXT_DECIMALS};
    }

    @Override
    public String toString() {
        return options.isEmpty() ? name().toLowerCase(java.util.Locale.ROOT) : engine + " " + options;
    }
}
