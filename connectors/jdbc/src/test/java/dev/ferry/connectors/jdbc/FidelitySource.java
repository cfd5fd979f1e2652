package dev.ferry.connectors.jdbc;

import dev.ferry.api.ConnectionSpec;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The matrix's source table, created and filled with each engine's own SQL over plain JDBC, never
 * through Ferry: native DDL, and every value bound as the text (or bytes) a user of that engine
 * would insert. Row i (1 to 6) is written in a session of the zone its instant was taken in;
 * row 7 is NULL in every column but the key.
 */
final class FidelitySource {
    static final String TABLE = "fidelity";

    private FidelitySource() {
    }

    static void create(FidelityEngine engine, ConnectionSpec spec, List<FidelityProbe> probes) {
        try (Connection connection = DriverManager.getConnection(spec.url());
             Statement statement = connection.createStatement()) {
            if (engine == FidelityEngine.POSTGRESQL) {
                statement.execute("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'ça va', '😀 great')");
            }
            statement.execute(createTable(engine, TABLE, probes));
            try (PreparedStatement insert = connection.prepareStatement(insert(engine, TABLE, probes))) {
                for (int row = 0; row <= FidelityProbes.VALUE_ROWS; row++) {
                    if (row < FidelityProbes.VALUE_ROWS) {
                        useZoneOf(engine, statement, FidelityProbes.INSTANTS.get(row));
                    }
                    insert.setInt(1, row + 1);
                    for (int c = 0; c < probes.size(); c++) {
                        FidelityProbe probe = probes.get(c);
                        Object input = row < FidelityProbes.VALUE_ROWS ? probe.on(engine).input().apply(probe.valuesOn(engine).get(row)) : null;
                        switch (input) {
                            case null -> insert.setNull(c + 2, probe.isBinary() ? Types.VARBINARY : Types.VARCHAR);
                            case byte[] bytes -> insert.setBytes(c + 2, bytes);
                            default -> insert.setString(c + 2, (String) input);
                        }
                    }
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot fill the " + engine + " source table: " + e.getMessage(), e);
        }
    }

    /**
     * A table of its own, {@code table (id, <probe>)}, holding one row: key 1 and the probe's first
     * value, bound as the probe's input on {@code engine}. The matrix's edge values live in such
     * tables, so that a value a target refuses fails only its own cell.
     */
    static void createOne(FidelityEngine engine, ConnectionSpec spec, String table, FidelityProbe probe) {
        try (Connection connection = DriverManager.getConnection(spec.url());
             Statement statement = connection.createStatement()) {
            statement.execute(createTable(engine, table, List.of(probe)));
            try (PreparedStatement insert = connection.prepareStatement(insert(engine, table, List.of(probe)))) {
                insert.setInt(1, 1);
                switch (probe.on(engine).input().apply(probe.valuesOn(engine).getFirst())) {
                    case byte[] bytes -> insert.setBytes(2, bytes);
                    case Object text -> insert.setString(2, (String) text);
                }
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot fill the " + engine + " table " + table + ": " + e.getMessage(), e);
        }
    }

    private static String createTable(FidelityEngine engine, String table, List<FidelityProbe> probes) {
        StringBuilder sql = new StringBuilder("CREATE TABLE " + table + " (id ")
                .append(engine == FidelityEngine.MARIADB ? "int" : "integer").append(" PRIMARY KEY");
        for (FidelityProbe probe : probes) {
            sql.append(", ").append(probe.name()).append(' ').append(probe.on(engine).ddl());
        }
        sql.append(')');
        if (engine == FidelityEngine.MARIADB) {
            // the server's default character set may be latin1, which has no emoji
            sql.append(" DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci");
        }
        return sql.toString();
    }

    /** PostgreSQL parses text into each column's type through a cast; the others convert on their own. */
    private static String insert(FidelityEngine engine, String table, List<FidelityProbe> probes) {
        StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (id");
        probes.forEach(probe -> sql.append(", ").append(probe.name()));
        sql.append(") VALUES (?");
        for (FidelityProbe probe : probes) {
            sql.append(", ").append(engine == FidelityEngine.POSTGRESQL && !probe.isBinary()
                    ? "CAST(? AS " + probe.on(engine).ddl() + ")" : "?");
        }
        return sql.append(')').toString();
    }

    /** PostgreSQL sessions take the zone by name; MariaDB's by offset, as its zone tables may be empty. */
    private static void useZoneOf(FidelityEngine engine, Statement statement, ZonedDateTime instant) throws SQLException {
        switch (engine) {
            case POSTGRESQL -> statement.execute(instant.getZone() instanceof ZoneOffset offset
                    ? "SET TIME ZONE INTERVAL '" + offset.getId() + "' HOUR TO MINUTE"
                    : "SET TIME ZONE '" + instant.getZone().getId() + "'");
            case MARIADB -> statement.execute("SET time_zone = '" + instant.getOffset().getId() + "'");
            case SQLITE -> {
                // no sessions and no zones: the offset is in the text
            }
        }
    }
}
