package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;
import dev.ferry.api.StreamSchema;

import java.util.List;

/** SQL text shared by dialects that follow the standard. Names are quoted by the dialect; values are always placeholders. */
public final class SqlText {

    private SqlText() {
    }

    /** {@code "a", "b", "c"} */
    public static String columnList(Dialect dialect, TableName table, List<String> columns) {
        StringBuilder sql = new StringBuilder();
        for (String column : columns) {
            if (!sql.isEmpty()) {
                sql.append(", ");
            }
            sql.append(dialect.quote(column, "column of " + table));
        }
        return sql.toString();
    }

    /** The columns' names, quoted, comma-separated; {@code owner} names their table in errors. */
    public static String quotedNames(Dialect dialect, String owner, List<Column> columns) {
        StringBuilder sql = new StringBuilder();
        for (Column column : columns) {
            sql.append(sql.isEmpty() ? "" : ", ").append(dialect.quote(column.name(), "column of " + owner));
        }
        return sql.toString();
    }

    /** {@code "a" type-of-a, "b" type-of-b}: column definitions with the declaration {@code typeOf} gives each. */
    public static String columnDefinitions(Dialect dialect, String owner, List<Column> columns,
                                           java.util.function.Function<Column, String> typeOf) {
        StringBuilder sql = new StringBuilder();
        for (Column column : columns) {
            sql.append(sql.isEmpty() ? "" : ", ").append(dialect.quote(column.name(), "column of " + owner))
                    .append(' ').append(typeOf.apply(column));
        }
        return sql.toString();
    }

    /** CREATE TABLE IF NOT EXISTS with NOT NULL where the schema says so and the key as primary key. */
    public static String createTable(Dialect dialect, TableName table, StreamSchema schema) {
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(dialect.quote(table)).append(" (");
        for (Column column : schema.columns()) {
            sql.append(dialect.quote(column.name(), "column of " + table)).append(' ').append(dialect.sqlType(column));
            if (!column.nullable() || schema.keyColumns().contains(column.name())) {
                sql.append(" NOT NULL");
            }
            sql.append(", ");
        }
        if (schema.hasKey()) {
            sql.append("PRIMARY KEY (").append(columnList(dialect, table, schema.keyColumns())).append(')');
        } else {
            sql.setLength(sql.length() - 2);
        }
        return sql.append(')').toString();
    }

    /** INSERT INTO t (a, b) VALUES (?, ?) */
    public static String insert(Dialect dialect, TableName table, StreamSchema schema) {
        return "INSERT INTO " + dialect.quote(table) + " (" + columnList(dialect, table, schema.columnNames())
                + ") VALUES (" + placeholders(dialect, schema.columns()) + ")";
    }

    /** The alias upserts give their target table, so the ON CONFLICT clause can name its current row. */
    public static final String TARGET_ALIAS = "ferry_target";

    /** {@code INSERT INTO t AS ferry_target (a, b)}: the head of an upsert. */
    public static String insertIntoTarget(Dialect dialect, TableName table, StreamSchema schema) {
        return "INSERT INTO " + dialect.quote(table) + " AS " + TARGET_ALIAS + " ("
                + columnList(dialect, table, schema.columnNames()) + ")";
    }

    /**
     * INSERT ... ON CONFLICT (key) DO UPDATE SET c = EXCLUDED.c WHERE the row differs (PostgreSQL,
     * SQLite 3.24+), or DO NOTHING when every column is part of the key.
     */
    public static String insertOnConflict(Dialect dialect, TableName table, StreamSchema schema) {
        return insertIntoTarget(dialect, table, schema) + " VALUES (" + placeholders(dialect, schema.columns()) + ")"
                + onConflictClause(dialect, table, schema);
    }

    /**
     * The ON CONFLICT clause of an upsert whose head is {@link #insertIntoTarget}. Rows equal to the
     * incoming ones are not updated: a full refresh that changes 1% of a table writes 1% of it.
     */
    public static String onConflictClause(Dialect dialect, TableName table, StreamSchema schema) {
        StringBuilder sql = new StringBuilder(" ON CONFLICT (")
                .append(columnList(dialect, table, schema.keyColumns())).append(") DO ");
        StringBuilder updates = new StringBuilder();
        StringBuilder differs = new StringBuilder();
        for (Column column : schema.columns()) {
            if (!schema.keyColumns().contains(column.name())) {
                String quoted = dialect.quote(column.name(), "column of " + table);
                updates.append(updates.isEmpty() ? "" : ", ").append(quoted).append(" = EXCLUDED.").append(quoted);
                differs.append(differs.isEmpty() ? "" : " OR ")
                        .append(dialect.valuesDiffer(column, TARGET_ALIAS + "." + quoted, "EXCLUDED." + quoted));
            }
        }
        return updates.isEmpty() ? sql.append("NOTHING").toString()
                : sql.append("UPDATE SET ").append(updates).append(" WHERE ").append(differs).toString();
    }

    /** DELETE FROM t WHERE k1 = ? AND k2 = ? */
    public static String deleteByKey(Dialect dialect, TableName table, StreamSchema schema) {
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(dialect.quote(table)).append(" WHERE ");
        for (int i = 0; i < schema.keyColumns().size(); i++) {
            String key = schema.keyColumns().get(i);
            sql.append(i == 0 ? "" : " AND ").append(dialect.quote(key, "key column of " + table)).append(" = ")
                    .append(dialect.placeholder(schema.column(key)));
        }
        return sql.toString();
    }

    /** The dialect's {@link Dialect#placeholder placeholder} of each column, comma-separated. */
    static String placeholders(Dialect dialect, List<Column> columns) {
        StringBuilder sql = new StringBuilder();
        for (Column column : columns) {
            sql.append(sql.isEmpty() ? "" : ", ").append(dialect.placeholder(column));
        }
        return sql.toString();
    }
}
