package dev.ferry.connectors.convex;

import dev.ferry.api.Column;
import dev.ferry.api.FerryException;
import dev.ferry.api.StreamSchema;

/**
 * The names Convex takes for what an import writes. Field names: Convex's types page says they
 * "must be nonempty and not start with "$" or "_"" (the underscore is reserved for system fields
 * such as {@code _id} and {@code _creationTime}, which Convex sets itself), and an object holds at
 * most 1,024 fields. Table names: letters, digits and underscores, not starting with an underscore
 * (the rule of Convex's schema definitions; UNCONFIRMED for the import API, which may accept more).
 * Checked before anything is sent, so a name Convex would refuse fails at open, named.
 */
final class ConvexNames {
    /** Convex's limit on the entries of one object, a document included. */
    static final int MAX_FIELDS = 1024;

    private ConvexNames() {
    }

    /** Throws naming the table and the first column Convex cannot take. */
    static void check(String table, StreamSchema schema, String connection) {
        String where = "Convex connection " + connection + ", table " + table;
        if (!table.matches("[A-Za-z0-9][A-Za-z0-9_]*")) {
            throw new FerryException(where + ": Convex table names hold letters, digits and underscores and do not start "
                    + "with an underscore; rename the stream's table (table: → to:)");
        }
        if (schema.columns().size() > MAX_FIELDS) {
            throw new FerryException(where + ": " + schema.columns().size() + " columns, but a Convex document holds at most "
                    + MAX_FIELDS + " fields; select fewer columns");
        }
        for (Column column : schema.columns()) {
            String problem = fieldNameProblem(column.name());
            if (problem != null) {
                throw new FerryException(where + ", column " + column.name() + ": " + problem
                        + "; rename or leave out the column");
            }
        }
    }

    /** Why Convex would refuse {@code name} as a field name, or null when it takes it. */
    static String fieldNameProblem(String name) {
        if (name.isEmpty()) {
            return "Convex field names must not be empty";
        }
        if (name.startsWith("_")) {
            return "Convex field names must not start with \"_\" (reserved for system fields such as _id and "
                    + "_creationTime, which Convex sets itself)";
        }
        if (name.startsWith("$")) {
            return "Convex field names must not start with \"$\"";
        }
        return null;
    }
}
