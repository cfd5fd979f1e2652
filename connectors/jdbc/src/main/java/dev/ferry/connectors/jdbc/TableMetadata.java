package dev.ferry.connectors.jdbc;

import dev.ferry.api.DiscoveredStream;

import java.util.List;
import java.util.Objects;

/**
 * A table or view found in the database catalog.
 *
 * @param table      its name, with the schema the database reports; never null
 * @param kind       table or view; never null
 * @param columns    its columns in table order; never null
 * @param primaryKey its primary key columns in key order; empty for views and tables without one
 */
public record TableMetadata(TableName table, DiscoveredStream.Kind kind, List<SqlColumn> columns,
                            List<String> primaryKey) {

    public TableMetadata {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }
}
