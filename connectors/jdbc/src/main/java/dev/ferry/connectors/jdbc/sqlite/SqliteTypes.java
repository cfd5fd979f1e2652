package dev.ferry.connectors.jdbc.sqlite;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.connectors.jdbc.SqlColumn;

import java.util.Locale;

/**
 * SQLite's declared types, both ways. SQLite stores any value in any column, so the declared type
 * is the only statement of intent; it is read the way SQLite's own affinity rules read it, made
 * more precise for the names Ferry writes.
 *
 * <p>Integers: SQLite integers are always 64-bit, so INTEGER, INT and BIGINT read as BIGINT;
 * only INT4/MEDIUMINT read as INTEGER and SMALLINT/INT2/TINYINT as SMALLINT. Likewise FLOAT, REAL
 * and DOUBLE read as DOUBLE and only FLOAT4 as FLOAT. Writing picks the names that read back as
 * the same type.
 */
final class SqliteTypes {

    private SqliteTypes() {
    }

    static Column toColumn(SqlColumn column) {
        Declared declared = Declared.parse(column);
        String type = declared.name();
        ColumnType mapped;
        int precision = 0;
        int scale = 0;
        if (type.contains("BOOL")) {
            mapped = ColumnType.BOOLEAN;
        } else if (type.equals("TIMESTAMPTZ") || type.equals("DATETIMEOFFSET") || type.contains("WITH TIME ZONE")) {
            mapped = ColumnType.TIMESTAMP_TZ;
        } else if (type.equals("DATETIME") || type.startsWith("TIMESTAMP")) {
            mapped = ColumnType.TIMESTAMP;
        } else if (type.equals("DATE")) {
            mapped = ColumnType.DATE;
        } else if (type.equals("TIME")) {
            mapped = ColumnType.TIME;
        } else if (type.equals("UUID")) {
            mapped = ColumnType.UUID;
        } else if (type.contains("JSON")) {
            mapped = ColumnType.JSON;
        } else if (type.equals("INT4") || type.equals("MEDIUMINT")) {
            mapped = ColumnType.INTEGER;
        } else if (type.equals("SMALLINT") || type.equals("INT2") || type.equals("TINYINT")) {
            mapped = ColumnType.SMALLINT;
        } else if (type.contains("INT")) {
            mapped = ColumnType.BIGINT;
        } else if (type.equals("NUMERIC") || type.equals("DECIMAL") || type.equals(DECIMAL_TEXT)) {
            mapped = ColumnType.DECIMAL;
            precision = declared.precision();
            scale = declared.scale();
        } else if (type.equals("FLOAT4")) {
            mapped = ColumnType.FLOAT;
        } else if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
            mapped = ColumnType.DOUBLE;
        } else if (type.contains("CHAR") && declared.precision() > 0) {
            mapped = ColumnType.STRING;
            precision = declared.precision();
        } else if (type.contains("BLOB") || type.contains("BINARY")) {
            mapped = ColumnType.BINARY;
        } else {
            // TEXT, CLOB, unbounded CHAR, no declared type, or a name SQLite gives NUMERIC affinity
            // without saying more: the value's text is the faithful reading.
            mapped = ColumnType.TEXT;
        }
        return new Column(column.name(), mapped, column.nullable(), precision, scale);
    }

    /** The decimal type of TEXT affinity (the TEXT in its name) that keeps a decimal's exact digits. */
    static final String DECIMAL_TEXT = "DECIMAL_TEXT";

    /**
     * The declared type of a new column. Decimals are {@code NUMERIC(p,s)} (SQLite numbers) or,
     * when the connection chose {@code decimals: text}, {@code DECIMAL_TEXT(p,s)}: SQLite gives a
     * column NUMERIC affinity unless its type names INT, CHAR, CLOB, TEXT, BLOB, REAL, FLOA or DOUB,
     * and NUMERIC affinity turns numeric-looking text into a double; TEXT in the name keeps the text
     * as written, and {@link #toColumn} still reads the column as DECIMAL(p,s).
     */
    static String sqlType(Column column, SqliteDialect.Decimals decimals) {
        if (column.type() == ColumnType.DECIMAL && decimals == SqliteDialect.Decimals.TEXT) {
            return column.precision() > 0 ? DECIMAL_TEXT + "(" + column.precision() + "," + column.scale() + ")" : DECIMAL_TEXT;
        }
        return sqlType(column);
    }

    /** Whether SQLite gives a column of this declared type TEXT affinity (its rules 1 and 2, in order). */
    static boolean hasTextAffinity(String declaredType) {
        String type = declaredType == null ? "" : declaredType.toUpperCase(Locale.ROOT);
        return !type.contains("INT") && (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT"));
    }

    static String sqlType(Column column) {
        return switch (column.type()) {
            case BOOLEAN -> "BOOLEAN";
            case SMALLINT -> "SMALLINT";
            case INTEGER -> "INT4";
            // Exactly INTEGER, so a single-column key becomes the table's rowid.
            case BIGINT -> "INTEGER";
            case FLOAT -> "FLOAT4";
            case DOUBLE -> "DOUBLE";
            case DECIMAL -> column.precision() > 0
                    ? "NUMERIC(" + column.precision() + "," + column.scale() + ")" : "NUMERIC";
            case DATE -> "DATE";
            case TIME -> "TIME";
            case TIMESTAMP -> "DATETIME";
            case TIMESTAMP_TZ -> "TIMESTAMPTZ";
            case STRING -> column.precision() > 0 ? "VARCHAR(" + column.precision() + ")" : "VARCHAR";
            case TEXT -> "TEXT";
            case BINARY -> "BLOB";
            // The TEXT in the name gives the column text affinity, so a document such as 1e5 is
            // kept as written instead of becoming the number 100000.0.
            case JSON -> "JSON_TEXT";
            case UUID -> "UUID";
        };
    }

    /** A declared type split into its upper-case name and its arguments, {@code NUMERIC(10,2)}. */
    private record Declared(String name, int precision, int scale) {

        static Declared parse(SqlColumn column) {
            String text = column.typeName().strip().toUpperCase(Locale.ROOT);
            int open = text.indexOf('(');
            if (open < 0) {
                return new Declared(text, column.precision(), column.scale());
            }
            int close = text.indexOf(')', open);
            String[] arguments = text.substring(open + 1, close < 0 ? text.length() : close).split(",");
            return new Declared(text.substring(0, open).strip(), number(arguments, 0), number(arguments, 1));
        }

        private static int number(String[] arguments, int index) {
            if (index >= arguments.length) {
                return 0;
            }
            try {
                return Math.max(0, Integer.parseInt(arguments[index].strip()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
