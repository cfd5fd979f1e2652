package dev.ferry.cli.e2e;

import java.util.Locale;
import java.util.Set;

/**
 * A PostgreSQL column's declared type as JDBC reports it, and whether one column can hold every
 * value of another without losing anything. {@link SqliteSnapshot} describes SQLite columns with
 * it too, and judges them by SQLite's rules instead.
 *
 * @param name      the column's name
 * @param typeName  the server's type name, such as {@code int4}, {@code numeric} or {@code varchar}
 * @param precision digits for numbers, characters for text; 0 for unconstrained {@code numeric},
 *                  {@link Integer#MAX_VALUE} for unbounded text
 * @param scale     digits after the point for numbers
 */
record ColumnShape(String name, String typeName, int precision, int scale) {
    private static final Set<String> INTEGERS = Set.of("int2", "int4", "int8");
    /** Not {@code bpchar}: blank-padded text drops trailing blanks, so it holds less than it seems. */
    private static final Set<String> TEXTS = Set.of("varchar", "text");
    /** What pgjdbc reports as the length of {@code text} and unbounded {@code varchar}. */
    private static final int UNBOUNDED_TEXT = Integer.MAX_VALUE;

    /**
     * Whether this column holds every value {@code original} can: wider integers and longer text are
     * fine, but a decimal must keep its scale and anything else its exact type.
     */
    boolean holdsEverythingOf(ColumnShape original) {
        String mine = typeName.toLowerCase(Locale.ROOT);
        String theirs = original.typeName.toLowerCase(Locale.ROOT);
        if (INTEGERS.contains(theirs)) {
            return INTEGERS.contains(mine) && precision >= original.precision;
        }
        if (TEXTS.contains(theirs)) {
            return TEXTS.contains(mine) && precision >= original.precision;
        }
        if (theirs.equals("numeric")) {
            boolean unconstrained = mine.equals("numeric") && precision == 0;
            return unconstrained || mine.equals("numeric") && scale == original.scale && precision >= original.precision;
        }
        return mine.equals(theirs);
    }

    /** {@code numeric(10,2)}, {@code varchar(160)}, {@code int8}. */
    String describe() {
        String type = typeName.toLowerCase(Locale.ROOT);
        if (type.equals("numeric")) {
            return precision == 0 ? type : type + "(" + precision + "," + scale + ")";
        }
        if (TEXTS.contains(type) && precision > 0 && precision < UNBOUNDED_TEXT) {
            return type + "(" + precision + ")";
        }
        return type;
    }
}
