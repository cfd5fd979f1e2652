package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.FerryException;
import dev.ferry.api.SchemaChangePolicy;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How an existing destination table is brought in line with a stream's schema under a
 * {@link SchemaChangePolicy}: the statements to run, the schema the writer then writes (without the
 * new columns an {@code ignore} policy leaves out), and one line per difference for the run log.
 *
 * <p>Nothing here drops or narrows a column: a column the source no longer has keeps its data, and
 * key columns are never altered (their type is the table's identity).
 *
 * @param statements   ALTER statements to run, in order
 * @param writeSchema  the schema to write: the stream's, less the columns left out
 * @param changes      what differed and what was done about it, for the run log
 */
record TableEvolution(List<String> statements, StreamSchema writeSchema, List<String> changes) {

    static TableEvolution plan(Dialect dialect, TableMetadata existing, WriteRequest request, String description) {
        StreamSchema wanted = request.schema();
        SchemaChangePolicy policy = request.schemaChanges();
        List<String> statements = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<Column> written = new ArrayList<>();
        TableName table = existing.table();
        for (Column column : wanted.columns()) {
            Optional<SqlColumn> present = find(existing, column.name());
            boolean key = wanted.keyColumns().contains(column.name());
            if (present.isEmpty()) {
                if (key) {
                    throw new FerryException(description + " exists without the key column " + column.name()
                            + "; upserts need it, so add it by hand or write to a new table");
                }
                // Soft deletes need their marker column whatever the policy: it holds no source data.
                boolean marker = column.name().equals(WriteRequest.SOFT_DELETE_COLUMN);
                if (policy == SchemaChangePolicy.PROPAGATE || marker) {
                    statements.add(dialect.addColumnSql(table, column.withNullable(true)));
                    changes.add("added column " + column.name() + " " + dialect.sqlType(column));
                    written.add(column);
                } else if (policy == SchemaChangePolicy.IGNORE) {
                    changes.add("new source column " + column.name() + " is not written (schema_changes: ignore)");
                } else {
                    refused.add("new column " + column.name());
                }
                continue;
            }
            written.add(column);
            if (key) {
                continue;
            }
            Column current = dialect.toColumn(present.get());
            Optional<Column> wider = widened(current, column);
            if (wider.isEmpty()) {
                continue;
            }
            List<String> alter = dialect.widenColumnSql(table, wider.get().withName(present.get().name()));
            if (alter.isEmpty()) {
                continue; // the database does not enforce the declared size (SQLite)
            }
            String what = "column " + column.name() + " from " + dialect.sqlType(current.withName(column.name()))
                    + (current.nullable() ? "" : " not null") + " to " + dialect.sqlType(wider.get())
                    + (wider.get().nullable() ? "" : " not null");
            if (policy == SchemaChangePolicy.PROPAGATE) {
                statements.addAll(alter);
                changes.add("widened " + what);
            } else if (policy == SchemaChangePolicy.IGNORE) {
                changes.add("source widened " + what + "; not changed (schema_changes: ignore), larger values will fail");
            } else {
                refused.add("wider " + what);
            }
        }
        if (!refused.isEmpty()) {
            throw new FerryException(description + " differs from the source and schema_changes is fail: "
                    + String.join("; ", refused) + ". Change the table, or set schema_changes: propagate or ignore");
        }
        List<String> destinationOnly = new ArrayList<>();
        for (SqlColumn column : existing.columns()) {
            if (wanted.columns().stream().noneMatch(c -> c.name().equalsIgnoreCase(column.name()))) {
                destinationOnly.add(column.name());
            }
        }
        if (!destinationOnly.isEmpty()) {
            changes.add("columns only at the destination, kept and never written: " + destinationOnly);
        }
        StreamSchema writeSchema = written.size() == wanted.columns().size() ? wanted
                : new StreamSchema(wanted.name(), written, wanted.keyColumns());
        return new TableEvolution(List.copyOf(statements), writeSchema, List.copyOf(changes));
    }

    /** The existing column under this name; names compare as the databases fold unquoted ones. */
    private static Optional<SqlColumn> find(TableMetadata existing, String name) {
        return existing.columns().stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * The column {@code current} must become to hold every value of {@code wanted}, when that is a
     * widening of the same kind of type: longer text, more digits, a bigger integer or float, or
     * allowing nulls. Empty when current already suffices or the types are of different kinds.
     */
    static Optional<Column> widened(Column current, Column wanted) {
        boolean nullable = current.nullable() || wanted.nullable();
        Column result = switch (current.type()) {
            case STRING -> switch (wanted.type()) {
                case TEXT -> Column.of(wanted.name(), ColumnType.TEXT);
                case STRING -> current.precision() > 0 && (wanted.precision() <= 0 || wanted.precision() > current.precision())
                        ? new Column(wanted.name(), ColumnType.STRING, nullable, wanted.precision(), 0) : null;
                default -> null;
            };
            case SMALLINT, INTEGER -> isWiderInteger(current.type(), wanted.type())
                    ? Column.of(wanted.name(), wanted.type()) : null;
            case FLOAT -> wanted.type() == ColumnType.DOUBLE ? Column.of(wanted.name(), ColumnType.DOUBLE) : null;
            case DECIMAL -> widerDecimal(current, wanted);
            default -> null;
        };
        if (result == null) {
            if (!nullable || current.nullable()) {
                return Optional.empty();
            }
            result = current.withName(wanted.name());
        }
        return Optional.of(result.withNullable(nullable));
    }

    private static boolean isWiderInteger(ColumnType current, ColumnType wanted) {
        return rank(wanted) > rank(current);
    }

    private static int rank(ColumnType type) {
        return switch (type) {
            case SMALLINT -> 1;
            case INTEGER -> 2;
            case BIGINT -> 3;
            default -> 0;
        };
    }

    private static Column widerDecimal(Column current, Column wanted) {
        if (wanted.type() != ColumnType.DECIMAL || current.precision() <= 0) {
            return null;
        }
        if (wanted.precision() <= 0) {
            return new Column(wanted.name(), ColumnType.DECIMAL, true, 0, 0);
        }
        int integerDigits = Math.max(current.precision() - current.scale(), wanted.precision() - wanted.scale());
        int scale = Math.max(current.scale(), wanted.scale());
        if (integerDigits + scale <= current.precision() && scale <= current.scale()) {
            return null;
        }
        return new Column(wanted.name(), ColumnType.DECIMAL, true, integerDigits + scale, scale);
    }
}
