package dev.ferry.connectors.jdbc.sqlserver;

import dev.ferry.api.Column;
import dev.ferry.api.StreamSchema;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.SqlText;
import dev.ferry.connectors.jdbc.TableName;

import java.util.List;

/**
 * The T-SQL statements the SQL Server dialect runs. Names are quoted by the dialect; values are
 * always bound or bulk-copied, never written into the text.
 */
final class SqlServerSql {
    /** The alias MERGE gives the destination table. */
    static final String TARGET = "ferry_target";
    /** The alias MERGE gives the rows to apply. */
    static final String SOURCE = "ferry_source";

    private SqlServerSql() {
    }

    /**
     * CREATE TABLE with NOT NULL where the schema says so and the key as primary key. T-SQL has no
     * CREATE TABLE IF NOT EXISTS; {@link #createTableIfMissing} adds the guard.
     */
    static String createTable(Dialect dialect, TableName table, StreamSchema schema) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(dialect.quote(table)).append(" (");
        for (Column column : schema.columns()) {
            boolean key = schema.keyColumns().contains(column.name());
            sql.append(quoteColumn(dialect, table, column.name())).append(' ')
                    .append(key ? SqlServerTypes.keySqlType(column) : SqlServerTypes.sqlType(column))
                    .append(!column.nullable() || key ? " NOT NULL" : " NULL").append(", ");
        }
        if (schema.hasKey()) {
            sql.append("PRIMARY KEY (").append(SqlText.columnList(dialect, table, schema.keyColumns())).append(')');
        } else {
            sql.setLength(sql.length() - 2);
        }
        return sql.append(')').toString();
    }

    /** {@link #createTable}, skipped when a table of that name appeared since the writer looked. */
    static String createTableIfMissing(Dialect dialect, TableName table, StreamSchema schema) {
        return "IF OBJECT_ID(" + unicodeLiteral(dialect.quote(table)) + ", N'U') IS NULL "
                + createTable(dialect, table, schema);
    }

    /** Creates the table's schema when missing; CREATE SCHEMA must start its own batch, hence EXEC. */
    static String createSchemaIfMissing(Dialect dialect, TableName table) {
        String quoted = dialect.quote(table.schema(), "schema of table " + table);
        return "IF SCHEMA_ID(" + unicodeLiteral(table.schema()) + ") IS NULL EXEC("
                + unicodeLiteral("CREATE SCHEMA " + quoted) + ")";
    }

    /**
     * An empty temporary table with the destination's columns, types and collations, created once
     * per session: copying them from the destination keeps MERGE free of collation conflicts
     * between tempdb and the destination database.
     */
    static String createStaging(Dialect dialect, TableName table, StreamSchema schema, String staging) {
        return "IF OBJECT_ID(" + unicodeLiteral("tempdb.." + staging) + ") IS NULL SELECT TOP 0 "
                + SqlText.columnList(dialect, table, schema.columnNames()) + " INTO " + staging
                + " FROM " + dialect.quote(table);
    }

    /** Merges the staged rows into the table, then empties the staging table for the next batch. */
    static String mergeStagedAndTruncate(Dialect dialect, TableName table, StreamSchema schema, String staging) {
        return merge(dialect, table, schema, staging + " AS " + SOURCE) + " TRUNCATE TABLE " + staging + ";";
    }

    /**
     * {@link #mergeStagedAndTruncate}, counting: MERGE notes the action it took for each row
     * ({@code $action}: INSERT or UPDATE; rows it left alone have none) in a table variable, and one
     * result set of two numbers, rows inserted and rows updated, follows. OUTPUT INTO, not a bare
     * OUTPUT, because SQL Server refuses a bare OUTPUT on a table with enabled triggers.
     */
    static String mergeStagedCountingAndTruncate(Dialect dialect, TableName table, StreamSchema schema, String staging) {
        String merge = merge(dialect, table, schema, staging + " AS " + SOURCE);
        return "DECLARE @ferry_actions TABLE (action nvarchar(10)); "
                + merge.substring(0, merge.length() - 1) + " OUTPUT $action INTO @ferry_actions;"
                + " SELECT COUNT(CASE WHEN action = N'INSERT' THEN 1 END), COUNT(CASE WHEN action = N'UPDATE' THEN 1 END)"
                + " FROM @ferry_actions; TRUNCATE TABLE " + staging + ";";
    }

    /** A MERGE of one row given as parameters in the schema's column order. */
    static String mergeOneRow(Dialect dialect, TableName table, StreamSchema schema) {
        List<String> names = schema.columnNames();
        return merge(dialect, table, schema, "(VALUES (" + "?, ".repeat(names.size() - 1) + "?)) AS " + SOURCE
                + " (" + SqlText.columnList(dialect, table, names) + ")");
    }

    /**
     * MERGE ... WITH (HOLDLOCK): the hint makes the match and the insert one atomic step, so two
     * writers cannot both insert a key neither found. Rows equal to the incoming ones are not
     * updated, so a full refresh that changes 1% of a table writes 1% of it.
     */
    private static String merge(Dialect dialect, TableName table, StreamSchema schema, String source) {
        StringBuilder sql = new StringBuilder("MERGE INTO ").append(dialect.quote(table))
                .append(" WITH (HOLDLOCK) AS ").append(TARGET).append(" USING ").append(source).append(" ON ");
        for (int i = 0; i < schema.keyColumns().size(); i++) {
            String key = quoteColumn(dialect, table, schema.keyColumns().get(i));
            sql.append(i == 0 ? "" : " AND ").append(TARGET).append('.').append(key)
                    .append(" = ").append(SOURCE).append('.').append(key);
        }
        StringBuilder updates = new StringBuilder();
        StringBuilder differs = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (Column column : schema.columns()) {
            String quoted = quoteColumn(dialect, table, column.name());
            values.append(values.isEmpty() ? "" : ", ").append(SOURCE).append('.').append(quoted);
            if (!schema.keyColumns().contains(column.name())) {
                updates.append(updates.isEmpty() ? "" : ", ").append(quoted).append(" = ").append(SOURCE).append('.').append(quoted);
                differs.append(differs.isEmpty() ? "" : " OR ")
                        .append(dialect.valuesDiffer(column, TARGET + "." + quoted, SOURCE + "." + quoted));
            }
        }
        if (!updates.isEmpty()) {
            sql.append(" WHEN MATCHED AND (").append(differs).append(") THEN UPDATE SET ").append(updates);
        }
        return sql.append(" WHEN NOT MATCHED THEN INSERT (").append(SqlText.columnList(dialect, table, schema.columnNames()))
                .append(") VALUES (").append(values).append(");").toString();
    }

    /** No rows, every column: what the destination table looks like to a bulk copy. */
    static String describeColumns(Dialect dialect, TableName table) {
        return "SELECT TOP 0 * FROM " + dialect.quote(table);
    }

    /** {@code N'...'} with quotes doubled; names may contain an apostrophe (O'Brien). */
    static String unicodeLiteral(String text) {
        return "N'" + text.replace("'", "''") + "'";
    }

    private static String quoteColumn(Dialect dialect, TableName table, String column) {
        return dialect.quote(column, "column of " + table);
    }
}
