package dev.ferry.api;

import java.util.Objects;

/**
 * A value that cannot be read or written exactly, so its row fails instead of arriving changed.
 * Thrown first where the value is converted, naming the column and the reason; the code that knows
 * the row then {@linkplain #locatedAt locates} it with the table and the row's key, so that a user
 * can find the row. Never carries a secret; the value itself appears only in the reason, shortened.
 */
public final class RejectedValueException extends FerryException {
    private final String table;
    private final String column;
    private final String key;
    private final String reason;

    /**
     * A rejection not yet located at a row.
     *
     * @param column the column's name as the connector spells it; never null
     * @param reason why the value cannot be kept, naming the value (shortened) and the limit; never null
     */
    public RejectedValueException(String column, String reason) {
        this(null, column, null, reason, null);
    }

    public RejectedValueException(String column, String reason, Throwable cause) {
        this(null, column, null, reason, cause);
    }

    private RejectedValueException(String table, String column, String key, String reason, Throwable cause) {
        super(message(table, column, key, reason), cause);
        this.table = table;
        this.column = Objects.requireNonNull(column, "column");
        this.key = key;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * This rejection at a row: the table it was read from or written to and the row's key as
     * {@code name=value} pairs (or a row number where the stream has no key).
     */
    public RejectedValueException locatedAt(String table, String key) {
        // Not chained to this one, whose message the located one already holds (a chain would make
        // every message that walks causes say the reason twice); its stack trace is kept instead.
        RejectedValueException located = new RejectedValueException(table, column, key, reason, getCause());
        located.setStackTrace(getStackTrace());
        return located;
    }

    /** Null until located. */
    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    /** The row's key, such as {@code id=42} or {@code a=1, b=x}; null until located. */
    public String key() {
        return key;
    }

    public String reason() {
        return reason;
    }

    public boolean isLocated() {
        return table != null;
    }

    private static String message(String table, String column, String key, String reason) {
        StringBuilder text = new StringBuilder();
        if (table != null) {
            text.append("table ").append(table).append(", ");
        }
        text.append("column ").append(column);
        if (key != null) {
            text.append(", row ").append(key);
        }
        return text.append(": ").append(reason).toString();
    }

    /** A value's text for a message: at most 80 characters, so a 50 MB value does not become one. */
    public static String shorten(Object value) {
        String text = value instanceof byte[] bytes ? bytes.length + " bytes" : String.valueOf(value);
        return text.length() <= 80 ? text : text.substring(0, 77) + "... (" + text.length() + " characters)";
    }
}
