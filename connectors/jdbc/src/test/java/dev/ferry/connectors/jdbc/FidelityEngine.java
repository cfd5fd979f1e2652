package dev.ferry.connectors.jdbc;

import dev.ferry.api.ColumnType;

/** The engines the type fidelity matrix runs on for real, by their Ferry connection type. */
enum FidelityEngine {
    POSTGRESQL("postgresql"),
    MARIADB("mariadb"),
    SQLITE("sqlite");

    private final String kind;

    FidelityEngine(String kind) {
        this.kind = kind;
    }

    /** The connection type, as {@link TestDatabases#of} takes it. */
    String kind() {
        return kind;
    }

    /**
     * The neutral type a table Ferry created on this engine reads back as, for a column Ferry
     * created from {@code written}. MariaDB has no type that holds an instant past 2038 nor a JSON
     * type of its own: both are documented as lossy.
     */
    ColumnType storesAs(ColumnType written) {
        if (this == MARIADB) {
            return switch (written) {
                case TIMESTAMP_TZ -> ColumnType.TIMESTAMP;
                case JSON -> ColumnType.TEXT;
                default -> written;
            };
        }
        return written;
    }
}
