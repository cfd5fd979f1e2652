package dev.ferry.cli.e2e;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Compares a source table with its copy row by row, in key order, over connections of any engine.
 * Every value is first brought to one canonical text by the column's {@link Kind}, so a numeric
 * stored by SQLite as a REAL or a boolean stored as 1 compares equal to PostgreSQL's value, while
 * any real difference in content, a missing row, an extra row or a repeated key is reported.
 *
 * <p>For two PostgreSQL databases {@link #postgresFingerprint} gives a stricter check on top: a
 * digest of each row's own text form, computed by the server.
 */
final class TableComparison {
    /** Differences listed in a failure message; the total is always given. */
    private static final int LISTED_DIFFERENCES = 8;

    /** How a column's values are made canonical before comparing. */
    enum Kind { INTEGER, TEXT, DECIMAL, TIMESTAMP, INSTANT, BOOLEAN }

    /** A column to compare; {@code scale} is used by {@link Kind#DECIMAL} only. */
    record ColumnSpec(String name, Kind kind, int scale) {
        static ColumnSpec of(String name, Kind kind) {
            return new ColumnSpec(name, kind, 0);
        }

        static ColumnSpec decimal(String name, int scale) {
            return new ColumnSpec(name, Kind.DECIMAL, scale);
        }
    }

    /**
     * The outcome of one comparison.
     *
     * @param sourceRows       rows in the source table
     * @param copyRows         rows in the copy
     * @param copyDuplicateKeys keys that occur more than once in the copy
     * @param sourceDigest     MD5 over the canonical rows of the source, in key order
     * @param copyDigest       the same over the copy
     * @param differenceCount  rows missing, extra or different in the copy
     * @param differences      the first few of them, described
     */
    record Result(long sourceRows, long copyRows, long copyDuplicateKeys, String sourceDigest, String copyDigest,
                  long differenceCount, List<String> differences) {

        boolean identical() {
            return sourceRows == copyRows && copyDuplicateKeys == 0 && differenceCount == 0
                    && sourceDigest.equals(copyDigest);
        }

        String describe() {
            return "source " + sourceRows + " rows (md5 " + sourceDigest + "), copy " + copyRows + " rows (md5 "
                    + copyDigest + "), " + copyDuplicateKeys + " duplicate keys in the copy, " + differenceCount
                    + " rows differ" + (differences.isEmpty() ? "" : ":\n  " + String.join("\n  ", differences));
        }
    }

    /** A row count, a distinct key count and an MD5 of {@code ROW(columns)::text} in key order. */
    record Fingerprint(long rows, long distinctKeys, String md5) {
    }

    private TableComparison() {
    }

    /**
     * Compares {@code table} of {@code sourceUrl} with {@code copyTable} of {@code copyUrl}; the key
     * is a single integer column.
     */
    static Result compare(String sourceUrl, String table, String copyUrl, String copyTable, String key,
                          List<ColumnSpec> columns) {
        try (Connection source = DriverManager.getConnection(sourceUrl);
             Connection copy = DriverManager.getConnection(copyUrl)) {
            return compare(source, table, copy, copyTable, key, columns);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot compare " + table + " with its copy " + copyTable, e);
        }
    }

    private static Result compare(Connection source, String table, Connection copy, String copyTable, String key,
                                  List<ColumnSpec> columns) throws SQLException {
        // Server-side cursors keep memory flat for large tables (PostgreSQL streams only inside a transaction).
        source.setAutoCommit(false);
        copy.setAutoCommit(false);
        try (Statement sourceStatement = source.createStatement(); Statement copyStatement = copy.createStatement()) {
            sourceStatement.setFetchSize(5_000);
            copyStatement.setFetchSize(5_000);
            try (ResultSet sourceRows = sourceStatement.executeQuery(select(table, key, columns));
                 ResultSet copyRows = copyStatement.executeQuery(select(copyTable, key, columns))) {
                return walk(sourceRows, copyRows, columns);
            }
        } finally {
            source.rollback();
            copy.rollback();
        }
    }

    private static String select(String table, String key, List<ColumnSpec> columns) {
        return "SELECT " + key + ", " + String.join(", ", columns.stream().map(ColumnSpec::name).toList())
                + " FROM " + table + " ORDER BY " + key;
    }

    /** Merges the two key-ordered row streams, as a merge join would. */
    private static Result walk(ResultSet sourceRows, ResultSet copyRows, List<ColumnSpec> columns) throws SQLException {
        MessageDigest sourceDigest = md5();
        MessageDigest copyDigest = md5();
        List<String> differences = new ArrayList<>();
        long differenceCount = 0;
        long sourceCount = 0;
        long copyCount = 0;
        long duplicates = 0;
        Row sourceRow = next(sourceRows, columns);
        Row copyRow = next(copyRows, columns);
        Long previousCopyKey = null;
        while (sourceRow != null || copyRow != null) {
            int order = sourceRow == null ? 1 : copyRow == null ? -1 : Long.compare(sourceRow.key(), copyRow.key());
            String difference = null;
            if (order <= 0) {
                sourceCount++;
                update(sourceDigest, sourceRow.text());
            }
            if (order >= 0) {
                copyCount++;
                update(copyDigest, copyRow.text());
                if (previousCopyKey != null && previousCopyKey == copyRow.key()) {
                    duplicates++;
                    difference = "key " + copyRow.key() + " appears again in the copy: " + copyRow.text();
                }
                previousCopyKey = copyRow.key();
            }
            if (order < 0) {
                difference = "key " + sourceRow.key() + " is missing from the copy: " + sourceRow.text();
            } else if (order > 0 && difference == null) {
                difference = "key " + copyRow.key() + " is in the copy only: " + copyRow.text();
            } else if (order == 0 && !sourceRow.text().equals(copyRow.text())) {
                difference = "key " + sourceRow.key() + " differs: source " + sourceRow.text() + " copy " + copyRow.text();
            }
            if (difference != null) {
                differenceCount++;
                if (differences.size() < LISTED_DIFFERENCES) {
                    differences.add(difference);
                }
            }
            if (order <= 0) {
                sourceRow = next(sourceRows, columns);
            }
            if (order >= 0) {
                copyRow = next(copyRows, columns);
            }
        }
        return new Result(sourceCount, copyCount, duplicates, hex(sourceDigest), hex(copyDigest), differenceCount,
                List.copyOf(differences));
    }

    /** Row count, distinct keys and MD5 of each row's text form, computed by PostgreSQL itself. */
    static Fingerprint postgresFingerprint(String url, String table, String key, List<ColumnSpec> columns) {
        String row = "ROW(" + String.join(", ", columns.stream().map(ColumnSpec::name).toList()) + ")::text";
        String sql = "SELECT count(*), count(DISTINCT " + key + "), coalesce(md5(string_agg(" + row + ", '|' ORDER BY "
                + key + ")), '') FROM " + table;
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return new Fingerprint(result.getLong(1), result.getLong(2), result.getString(3));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot fingerprint " + table, e);
        }
    }

    private record Row(long key, String text) {
    }

    private static Row next(ResultSet rows, List<ColumnSpec> columns) throws SQLException {
        if (!rows.next()) {
            return null;
        }
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < columns.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(canonical(columns.get(i), rows.getString(i + 2)));
        }
        return new Row(rows.getLong(1), text.append(')').toString());
    }

    /**
     * One text per value whatever the engine's storage: SQLite gives REAL numerics, 0/1 booleans and
     * space-separated timestamps.
     */
    static String canonical(ColumnSpec column, String value) {
        if (value == null) {
            return "NULL";
        }
        return switch (column.kind()) {
            case INTEGER -> Long.toString(Long.parseLong(value));
            case TEXT -> "'" + value + "'";
            case DECIMAL -> new BigDecimal(value).setScale(column.scale()).toPlainString();
            // All digits: epoch milliseconds, as sqlite-jdbc writes timestamps, in UTC.
            case TIMESTAMP -> value.chars().allMatch(Character::isDigit)
                    ? LocalDateTime.ofEpochSecond(0, 0, java.time.ZoneOffset.UTC).plus(java.time.Duration.ofMillis(Long.parseLong(value))).toString()
                    : LocalDateTime.parse(value.length() > 10 && value.charAt(10) == ' '
                    ? value.substring(0, 10) + 'T' + value.substring(11) : value).toString();
            case INSTANT -> instant(value);
            case BOOLEAN -> switch (value.toLowerCase(Locale.ROOT)) {
                case "t", "true", "1" -> "true";
                case "f", "false", "0" -> "false";
                default -> throw new IllegalArgumentException("not a boolean in " + column.name() + ": " + value);
            };
        };
    }

    /** A point in time as UTC; text without an offset (MariaDB's {@code timestamp} in a UTC session) is UTC already. */
    private static String instant(String value) {
        String iso = value.length() > 10 && value.charAt(10) == ' ' ? value.substring(0, 10) + 'T' + value.substring(11) : value;
        int offsetAt = Math.max(iso.lastIndexOf('+'), Math.max(iso.lastIndexOf('-'), iso.lastIndexOf('Z')));
        if (offsetAt <= 10) {
            return LocalDateTime.parse(iso).toInstant(java.time.ZoneOffset.UTC).toString();
        }
        return LocalDateTime.parse(iso.substring(0, offsetAt))
                .toInstant(java.time.ZoneOffset.of(iso.substring(offsetAt))).toString();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, String row) {
        digest.update(row.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
    }

    private static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
