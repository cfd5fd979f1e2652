package dev.ferry.connectors.jdbc;

import java.util.Objects;

/**
 * A table or view name, optionally qualified by its schema.
 *
 * @param schema the schema (PostgreSQL schema, SQLite attached database); null when unqualified
 * @param name   the table's own name; never null
 */
public record TableName(String schema, String name) {

    public TableName {
        Objects.requireNonNull(name, "table name");
    }

    /** Splits {@code sales.orders} at its first dot; a name without a dot is unqualified. */
    public static TableName parse(String object) {
        Objects.requireNonNull(object, "table");
        int dot = object.indexOf('.');
        return dot < 0 ? new TableName(null, object)
                : new TableName(object.substring(0, dot), object.substring(dot + 1));
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
