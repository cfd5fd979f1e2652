package dev.ferry.connectors.jdbc;

/**
 * A column as the database describes it, before it is mapped to a {@link dev.ferry.api.ColumnType}.
 *
 * @param name      the column's name; never null
 * @param typeName  the database's type name without arguments, for example {@code varchar},
 *                  {@code NUMERIC}, {@code timestamptz}; empty when the database declares none
 * @param precision the declared length or precision; 0 when none or unbounded
 * @param scale     the declared scale; 0 when none
 * @param nullable  whether the column may hold null
 */
public record SqlColumn(String name, String typeName, int precision, int scale, boolean nullable) {

    public SqlColumn {
        typeName = typeName == null ? "" : typeName;
    }
}
