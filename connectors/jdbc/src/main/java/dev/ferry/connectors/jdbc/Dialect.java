package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.StreamReader;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What differs between databases. One small class per database implements it; everything else
 * (reading rows into records, incremental queries, transactions, batching) is shared.
 *
 * <p>Dialects are stateless and thread-safe. Every method that takes a {@link Connection} runs on
 * the thread that owns that connection (the reader or writer thread of one stream).
 */
public interface Dialect {

    /** The connection type this dialect serves, for example {@code postgresql}. */
    String type();

    /** The JDBC URL prefix that implies this dialect, for example {@code jdbc:postgresql:}. */
    String urlPrefix();

    /**
     * This dialect with the connection's own choices ({@link ConnectionSpec#options()}) applied, such
     * as MariaDB's {@link ConnectionSpec#ZERO_DATES} or SQLite's {@link ConnectionSpec#DECIMALS}, for
     * every source and destination of that connection; itself when it has none to apply. Fails with
     * a message naming the connection when a choice is not valid.
     */
    default Dialect forConnection(ConnectionSpec spec) {
        return this;
    }

    // ---- identifiers

    /** The longest identifier the database accepts. */
    int maxIdentifierLength();

    /** The identifier validated and quoted; {@code what} names it in the error (for example "column of orders"). */
    default String quote(String identifier, String what) {
        return '"' + Identifiers.requireValid(identifier, maxIdentifierLength(), what) + '"';
    }

    /** The table name, validated and quoted, qualified when it has a schema. */
    default String quote(TableName table) {
        String name = quote(table.name(), "table " + table);
        return table.schema() == null ? name : quote(table.schema(), "schema of table " + table) + "." + name;
    }

    /** The name to offer for {@code table} in discovery; qualified unless its schema is the default one. */
    default String objectName(TableName table) {
        return table.toString();
    }

    // ---- types

    /** Maps a database column to an engine column (type, precision, scale, nullability). */
    Column toColumn(SqlColumn column);

    /** The column type to declare for {@code column} in CREATE TABLE, for example {@code numeric(14,2)}. */
    String sqlType(Column column);

    /** A reader for one planned read over its own connection; dialects may stream their own way. */
    default StreamReader openReader(String description, Connection connection, ReadPlan plan) {
        return new JdbcStreamReader(description, this, connection, plan);
    }

    /** How to read {@code column} (already mapped by {@link #toColumn}) from a result set. */
    default ColumnReader reader(Column column) {
        return ColumnReaders.standard(column);
    }

    /**
     * The parameter marker for a value of {@code column} in the statements that write rows and
     * keys; a dialect may wrap it in a conversion that matches how {@link #bind} sends the value.
     */
    default String placeholder(Column column) {
        return "?";
    }

    /** Binds a non-null {@code value} of {@code column}'s type as parameter {@code index}. */
    default void bind(PreparedStatement statement, int index, Column column, Object value) throws SQLException {
        ValueBinders.bindStandard(statement, index, column, value);
    }

    // ---- catalog

    /** Every table and view a user may read, with columns and primary keys. */
    List<TableMetadata> discover(Connection connection) throws SQLException;

    /** The named table or view, or empty when it does not exist. */
    Optional<TableMetadata> describe(Connection connection, TableName table) throws SQLException;

    /**
     * The table's row count as the catalog's statistics have it, for progress displays; never a
     * count over the rows. Empty when the statistics have none (never gathered, a view, a table
     * they call empty, which may only be unanalysed).
     */
    default OptionalLong estimateRows(Connection connection, TableName table) throws SQLException {
        return OptionalLong.empty();
    }

    // ---- reading

    /**
     * The condition of an incremental read, true for rows whose cursor is at or after the bound,
     * which it names exactly once as {@code ?}; null for {@code column >= ?}. Dialects whose stored
     * values do not sort as the values they stand for (SQLite's timestamps are text in several ISO
     * forms, and text order is not time order across forms) compare by an expression instead; rows
     * the expression cannot place must be selected too, so that reading them reports them.
     *
     * @param cursor the cursor column; never null
     * @param column the column, already quoted; never null
     */
    default String cursorAtOrAfterBound(Column cursor, String column) {
        return null;
    }

    /** What incremental reads order by, so the last row read holds the highest value; null for {@code column}. */
    default String cursorOrderBy(Column cursor, String column) {
        return null;
    }

    /**
     * Prepares a read connection and its statement so rows stream instead of being loaded at once.
     * Called before the query runs.
     */
    void prepareStreaming(Connection connection, Statement statement, int batchSize) throws SQLException;

    // ---- writing

    /** Session settings a writing connection needs (durability, journal); called while autocommit is still on. */
    default void prepareWriting(Connection connection) throws SQLException {
    }

    /**
     * Session settings for isolated writes, called once before a writer's first: the writer undoes
     * a batch whose rows the database refused by rolling back to a savepoint, so the transaction
     * must survive a failed statement.
     */
    default void prepareIsolatedWriting(Connection connection) throws SQLException {
    }

    /** Whether the driver releases a savepoint before the transaction ends; else it is kept until then. */
    default boolean releasesSavepoints() {
        return true;
    }

    /** CREATE TABLE for a destination table that does not exist yet. */
    default String createTableSql(TableName table, StreamSchema schema) {
        return SqlText.createTable(this, table, schema);
    }

    /** Statements run before CREATE TABLE, for example creating the schema it lives in. */
    default List<String> createTablePrelude(TableName table) {
        return List.of();
    }

    /** The statement that removes every row in an overwrite, inside the write transaction. */
    default String clearTableSql(TableName table) {
        return "DELETE FROM " + quote(table);
    }

    /** Adds a nullable column to an existing table (schema evolution). */
    default String addColumnSql(TableName table, Column column) {
        return "ALTER TABLE " + quote(table) + " ADD COLUMN " + quote(column.name(), "column of " + table) + " "
                + sqlType(column);
    }

    /**
     * Changes an existing column to {@code column}'s wider type, dropping NOT NULL when it is
     * nullable. Empty when the database does not enforce declared sizes, so nothing needs to change.
     */
    default List<String> widenColumnSql(TableName table, Column column) {
        String name = quote(column.name(), "column of " + table);
        return List.of("ALTER TABLE " + quote(table) + " ALTER COLUMN " + name + " TYPE " + sqlType(column)
                + (column.nullable() ? ", ALTER COLUMN " + name + " DROP NOT NULL" : ""));
    }

    /**
     * The statements that create an empty temporary table, private to the connection, with these
     * columns (key columns of the destination, so declared as the destination declares keys) and an
     * index over all of them; rows may repeat. Run with the transaction committed right after.
     */
    default List<String> createKeyTableSql(String name, List<Column> columns) {
        String quoted = keyTableReference(name);
        return List.of("CREATE TEMPORARY TABLE " + quoted + " (" + SqlText.columnDefinitions(this, name, columns, this::sqlType)
                        + ")",
                "CREATE INDEX " + quote(name + "_index", "index") + " ON " + quoted + " ("
                        + SqlText.quotedNames(this, name, columns) + ")");
    }

    /** Appends rows to a helper table of this connection, such as the one {@link #createKeyTableSql} made. */
    default RowSink openRowSink(Connection connection, String quotedTable, List<Column> columns) throws SQLException {
        return new MultiRowInsertSink(this, connection, quotedTable, columns);
    }

    /** The name by which statements refer to the temporary table {@link #createKeyTableSql} created. */
    default String keyTableReference(String name) {
        return quote(name, "temporary table");
    }

    /** An insert of one row that replaces the row with the same key, for batched statements. */
    String upsertSql(TableName table, StreamSchema schema);

    /**
     * A condition true when two values of {@code column} differ, NULLs included; upserts use it to
     * leave rows that did not change untouched (no new row version, no write-ahead log).
     */
    default String valuesDiffer(Column column, String left, String right) {
        return left + " IS DISTINCT FROM " + right;
    }

    /** How batches are applied to {@code table}; the connection stays owned by the caller. */
    default RowApplier openApplier(Connection connection, TableName table, StreamSchema schema, WriteMode mode)
            throws SQLException {
        return new BatchedStatementApplier(this, connection, table, schema);
    }
}
