package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.Column;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The server's {@code max_allowed_packet}, read from the session when the writer opens, against
 * which multi-row INSERT statements are cut: the server drops the connection when a statement is
 * larger (the client sees "Connection reset"), so each statement takes only the rows that fit,
 * and a row that cannot fit alone is refused before it is sent, naming the limit.
 *
 * <p>The driver sends statements as text: each value is spelled as SQL, strings and bytes quoted
 * with {@code \}, {@code '}, {@code "} and NUL escaped by a backslash. Sizes are counted from
 * the values' lengths (an upper bound: 3 bytes per character, 2 per byte), and exactly, escapes
 * included, only for a row whose bound alone is over the limit.
 */
final class PacketLimit {
    /** Room for the command byte and what the count below may miss of the driver's framing. */
    private static final int SLACK = 1024;
    /** An upper bound of how SQL spells a number, date, time or UUID. */
    private static final int SCALAR_BYTES = 64;
    /** {@code _binary '} and the closing quote. */
    private static final int BINARY_FRAME = 10;

    private final long maxAllowedPacket;

    PacketLimit(long maxAllowedPacket) {
        this.maxAllowedPacket = maxAllowedPacket;
    }

    /** The session's {@code max_allowed_packet}. */
    static PacketLimit of(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT @@max_allowed_packet")) {
            result.next();
            return new PacketLimit(result.getLong(1));
        }
    }

    long maxAllowedPacket() {
        return maxAllowedPacket;
    }

    /**
     * How many of {@code rows}, from {@code from}, one statement can take: at least one, at most
     * {@code maxRows}, within the packet.
     *
     * @param sql   the statement's text without its rows ({@code fixedBytes}) and what each row adds
     *              besides its values
     * @throws RejectedValueException when the row at {@code from} alone does not fit, located at
     *                                its table and key and naming its largest value's column
     */
    int rowsThatFit(List<Object[]> rows, int from, int maxRows, StatementBytes sql, String table, StreamSchema schema) {
        long room = maxAllowedPacket - SLACK - sql.fixedBytes();
        long used = 0;
        int count = 0;
        while (from + count < rows.size() && count < maxRows) {
            long row = sql.perRowBytes() + boundOf(rows.get(from + count));
            if (used + row > room) {
                if (count > 0) {
                    break;
                }
                row = sql.perRowBytes() + exactly(rows.get(from));
                if (row > room) {
                    throw tooLarge(rows.get(from), row + sql.fixedBytes(), table, schema);
                }
            }
            used += row;
            count++;
        }
        return count;
    }

    private RejectedValueException tooLarge(Object[] row, long statementBytes, String table, StreamSchema schema) {
        int largest = 0;
        long largestBytes = -1;
        for (int i = 0; i < row.length; i++) {
            long bytes = exactly(row[i]);
            if (bytes > largestBytes) {
                largest = i;
                largestBytes = bytes;
            }
        }
        Column column = schema.columns().get(largest);
        long needed = statementBytes + SLACK;
        String reason = "the row's INSERT statement takes " + statementBytes + " bytes (this value " + largestBytes
                + " of them, as SQL text), more than the server's max_allowed_packet of " + maxAllowedPacket
                + " bytes; raise max_allowed_packet on the server to at least " + needed
                + " (SET GLOBAL max_allowed_packet = " + roundUpToMegabytes(needed)
                + ", and in the server's configuration so it lasts), or load the table with write: overwrite,"
                + " whose LOAD DATA LOCAL INFILE (where the server allows it) this limit does not apply to";
        return new RejectedValueException(column.name(), reason).locatedAt(table, schema.describeKey(row));
    }

    private static long roundUpToMegabytes(long bytes) {
        long megabyte = 1024 * 1024;
        return (bytes + megabyte - 1) / megabyte * megabyte;
    }

    private static long boundOf(Object[] row) {
        long bytes = 0;
        for (Object value : row) {
            bytes += switch (value) {
                case null -> 4;
                case String text -> 2 + 3L * text.length();
                case byte[] binary -> BINARY_FRAME + 2L * binary.length;
                default -> scalarBytes(value);
            };
        }
        return bytes;
    }

    private static long exactly(Object[] row) {
        long bytes = 0;
        for (Object value : row) {
            bytes += exactly(value);
        }
        return bytes;
    }

    /** The value as the driver spells it, or slightly more. */
    static long exactly(Object value) {
        return switch (value) {
            case null -> 4;
            case String text -> 2 + textBytes(text);
            case byte[] binary -> {
                long escaped = binary.length;
                for (byte b : binary) {
                    if (escapes(b)) {
                        escaped++;
                    }
                }
                yield BINARY_FRAME + escaped;
            }
            default -> scalarBytes(value);
        };
    }

    /** UTF-8 bytes plus one per escaped character; an unpaired surrogate counts 3 (the driver sends 1). */
    private static long textBytes(String text) {
        long bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += escapes((byte) c) ? 2 : 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static boolean escapes(byte b) {
        return b == '\\' || b == '\'' || b == '"' || b == 0;
    }

    private static long scalarBytes(Object value) {
        if (value instanceof BigDecimal decimal) {
            // the plain digits, a sign, a point and leading zeros when the scale exceeds the digits
            return decimal.precision() + Math.abs((long) decimal.scale()) + 3;
        }
        return SCALAR_BYTES;
    }

    /**
     * The bytes of an INSERT statement's text apart from its values: {@code fixedBytes} once,
     * {@code perRowBytes} for each row (its parentheses, commas and separator).
     */
    record StatementBytes(long fixedBytes, long perRowBytes) {

        /** From the statement for one row and for two, each placeholder taking the place of a value. */
        static StatementBytes of(String oneRow, String twoRows, int columns) {
            long one = oneRow.getBytes(StandardCharsets.UTF_8).length;
            long two = twoRows.getBytes(StandardCharsets.UTF_8).length;
            long perRow = two - one;
            return new StatementBytes(one - perRow, perRow - columns);
        }
    }
}
