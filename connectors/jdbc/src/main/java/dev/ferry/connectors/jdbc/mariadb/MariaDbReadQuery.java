package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.Column;
import dev.ferry.connectors.jdbc.Dialect;
import dev.ferry.connectors.jdbc.ReadPlan;

/**
 * The query of a MariaDB read, with the columns whose values would not arrive intact cast on the
 * server:
 * <ul>
 * <li>a {@code float} is sent as text with six significant digits (1.2345678 arrives as 1.23457),
 * though all of it is stored; cast to {@code double} it arrives with every digit, which parse back
 * to the stored float exactly;</li>
 * <li>a date-time is re-formatted by the driver through {@code java.sql.Timestamp} in the JVM's
 * zone, even by {@code getString}, which moves a time that zone skipped (00:30 on 2018-11-04 in
 * São Paulo) by the gap; cast to {@code char} it arrives as MariaDB prints it;</li>
 * <li>a date is made a {@code LocalDate} by the driver, which turns {@code 2020-00-00} into
 * 2019-11-30; cast to {@code char} it arrives as stored, so zero dates can be recognised;</li>
 * <li>a time, a duration of up to 838 hours either way, is wrapped into a day by the driver's
 * {@code LocalTime} (25:00 becomes 01:00); cast to {@code char} it arrives whole, to be refused
 * when it is no time of day.</li>
 * </ul>
 * Such a read selects from its own query; MariaDB does not keep a derived table's ORDER BY, so the
 * cursor's order is asked for again outside.
 */
final class MariaDbReadQuery {
    private static final String ALIAS = "ferry_read";

    private MariaDbReadQuery() {
    }

    /** {@code plan} with its query wrapped to cast those columns, or unchanged when it has none. */
    static ReadPlan of(Dialect dialect, ReadPlan plan) {
        if (plan.selected().stream().allMatch(column -> cast(column) == null)) {
            return plan;
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < plan.selected().size(); i++) {
            Column column = plan.selected().get(i);
            String quoted = dialect.quote(column.name(), "column");
            String cast = cast(column);
            sql.append(i == 0 ? "" : ", ");
            if (cast != null) {
                sql.append("CAST(").append(ALIAS).append('.').append(quoted).append(" AS ").append(cast).append(") AS ").append(quoted);
            } else {
                sql.append(ALIAS).append('.').append(quoted);
            }
        }
        sql.append(" FROM (").append(plan.sql()).append(") ").append(ALIAS);
        if (plan.cursor() != null) {
            sql.append(" ORDER BY ").append(ALIAS).append('.').append(dialect.quote(plan.cursor().name(), "cursor"));
        }
        return plan.withSql(sql.toString());
    }

    /** The type to cast the column to on the server, or null to read it as it is. */
    private static String cast(Column column) {
        return switch (column.type()) {
            case FLOAT -> "DOUBLE";
            case DATE, TIME, TIMESTAMP, TIMESTAMP_TZ -> "CHAR";
            default -> null;
        };
    }
}
