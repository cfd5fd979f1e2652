package dev.ferry.connectors.jdbc;

import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.ferry.connectors.jdbc.FidelityEngine.MARIADB;
import static dev.ferry.connectors.jdbc.FidelityEngine.POSTGRESQL;
import static dev.ferry.connectors.jdbc.FidelityEngine.SQLITE;

/**
 * The edge values of the type fidelity matrix, each in a table of its own, and the targets that
 * cannot hold each one. A target not listed as refusing a value must keep it exactly.
 */
final class FidelityEdges {
    /** PostgreSQL's infinities, its decimal NaN and its years before 1 BC: no other target holds them. */
    private static final Set<FidelityTarget> ALL_BUT_POSTGRESQL = EnumSet.of(FidelityTarget.MARIADB, FidelityTarget.SQLITE,
            FidelityTarget.SQLITE_TEXT_DECIMALS, FidelityTarget.SQLSERVER_ON_H2);
    /** 1 BC is year 0, which SQLite's proleptic calendar has; MariaDB's year 0 is not 1 BC, SQL Server starts at year 1. */
    private static final Set<FidelityTarget> NO_YEAR_ZERO = EnumSet.of(FidelityTarget.MARIADB, FidelityTarget.SQLSERVER_ON_H2);
    /** Unbounded decimals beyond the widest decimal MariaDB and SQL Server create; SQLite keeps them as text. */
    private static final Set<FidelityTarget> NOT_KEPT_AS_NUMBERS = EnumSet.of(FidelityTarget.MARIADB, FidelityTarget.SQLITE,
            FidelityTarget.SQLSERVER_ON_H2);
    /** Decimals beyond SQLite's numbers (64-bit integers, 15 significant digits) unless they are kept as text. */
    private static final Set<FidelityTarget> SQLITE_NUMBERS = EnumSet.of(FidelityTarget.SQLITE);

    private FidelityEdges() {
    }

    static List<FidelityEdge> all() {
        return List.of(
                postgresOnly("c_date_infinity", ColumnType.DATE, "date", "infinity", LocalDate.MAX, ALL_BUT_POSTGRESQL),
                postgresOnly("c_date_minus_infinity", ColumnType.DATE, "date", "-infinity", LocalDate.MIN, ALL_BUT_POSTGRESQL),
                postgresOnly("c_timestamp_infinity", ColumnType.TIMESTAMP, "timestamp(6)", "infinity", LocalDateTime.MAX,
                        ALL_BUT_POSTGRESQL),
                postgresOnly("c_timestamp_minus_infinity", ColumnType.TIMESTAMP, "timestamp(6)", "-infinity", LocalDateTime.MIN,
                        ALL_BUT_POSTGRESQL),
                postgresOnly("c_timestamptz_infinity", ColumnType.TIMESTAMP_TZ, "timestamptz(6)", "infinity",
                        OffsetDateTime.MAX, ALL_BUT_POSTGRESQL),
                postgresOnly("c_timestamptz_minus_infinity", ColumnType.TIMESTAMP_TZ, "timestamptz(6)", "-infinity",
                        OffsetDateTime.MIN, ALL_BUT_POSTGRESQL),
                // 44 BC is proleptic year -43
                postgresOnly("c_date_bc", ColumnType.DATE, "date", "0044-03-15 BC", LocalDate.of(-43, 3, 15), ALL_BUT_POSTGRESQL),
                postgresOnly("c_timestamp_bc", ColumnType.TIMESTAMP, "timestamp(6)", "0044-03-15 12:00:00.5 BC",
                        LocalDateTime.of(-43, 3, 15, 12, 0, 0, 500_000_000), ALL_BUT_POSTGRESQL),
                postgresOnly("c_timestamptz_bc", ColumnType.TIMESTAMP_TZ, "timestamptz(6)", "0044-03-15 12:00:00+00 BC",
                        OffsetDateTime.of(-43, 3, 15, 12, 0, 0, 0, ZoneOffset.UTC), ALL_BUT_POSTGRESQL),
                postgresOnly("c_date_1_bc", ColumnType.DATE, "date", "0001-06-01 BC", LocalDate.of(0, 6, 1), NO_YEAR_ZERO),
                postgresOnly("c_numeric_nan", ColumnType.DECIMAL, "numeric", "NaN", NonFiniteDecimal.NAN, ALL_BUT_POSTGRESQL),
                postgresOnly("c_numeric_infinity", ColumnType.DECIMAL, "numeric", "Infinity", NonFiniteDecimal.POSITIVE_INFINITY,
                        ALL_BUT_POSTGRESQL),
                postgresOnly("c_numeric_minus_infinity", ColumnType.DECIMAL, "numeric", "-Infinity",
                        NonFiniteDecimal.NEGATIVE_INFINITY, ALL_BUT_POSTGRESQL),
                // an unbounded numeric beyond what the columns others create hold: MariaDB's decimal(65,30)
                // and SQL Server's decimal(38,10) would round the 31st decimal silently, SQLite's numbers keep 15 digits
                postgresOnly("c_numeric_31_decimals", ColumnType.DECIMAL, "numeric", "0.1234567890123456789012345678901",
                        new BigDecimal("0.1234567890123456789012345678901"), NOT_KEPT_AS_NUMBERS),
                postgresOnly("c_numeric_36_digits", ColumnType.DECIMAL, "numeric", "123456789012345678901234567890123456",
                        new BigDecimal("123456789012345678901234567890123456"), NOT_KEPT_AS_NUMBERS),
                postgresOnly("c_double_nan", ColumnType.DOUBLE, "double precision", "NaN", Double.NaN,
                        EnumSet.of(FidelityTarget.MARIADB, FidelityTarget.SQLITE, FidelityTarget.SQLITE_TEXT_DECIMALS,
                                FidelityTarget.SQLSERVER_ON_H2)),
                // SQLite keeps infinities (9e999 is its spelling); MariaDB and SQL Server have none
                FidelityProbe.of("c_double_infinity", ColumnType.DOUBLE, "double precision", null, "DOUBLE",
                                Double.POSITIVE_INFINITY)
                        .onlyOn(POSTGRESQL, SQLITE)
                        .inputOn(POSTGRESQL, v -> "Infinity")
                        .inputOn(SQLITE, v -> "9e999")
                        .refusedBy(FidelityTarget.MARIADB, FidelityTarget.SQLSERVER_ON_H2),
                // SQLite sources hold exact decimals in a column of TEXT affinity, as decimals: text creates them
                decimal("c_decimal_max", "(38,10)", "9999999999999999999999999999.9999999999", "DECIMAL_TEXT")
                        .refusedBy(SQLITE_NUMBERS),
                decimal("c_decimal_min", "(38,10)", "-9999999999999999999999999999.9999999999", "DECIMAL_TEXT")
                        .refusedBy(SQLITE_NUMBERS),
                // 16 significant digits: one more than SQLite's doubles give back
                decimal("c_decimal_16_digits", "(20,4)", "123456789012.3456", "DECIMAL_TEXT").refusedBy(SQLITE_NUMBERS),
                // 15 significant digits: SQLite's doubles give them back, a SQLite source holds them as a number
                decimal("c_decimal_15_digits", "(20,4)", "12345678901.2345", "NUMERIC").refusedBy(Set.of()),
                // MariaDB's BIGINT UNSIGNED at its maximum, a DECIMAL(20,0) everywhere
                FidelityProbe.of("c_unsigned_max", ColumnType.DECIMAL, "numeric(20,0)", "bigint unsigned",
                                "DECIMAL_TEXT(20,0)", new BigDecimal("18446744073709551615"))
                        .input(v -> ((BigDecimal) v).toPlainString())
                        .refusedBy(SQLITE_NUMBERS),
                // an RFC 4122 variant with version 15: MariaDB's uuid refuses it, the others take any 128 bits
                FidelityProbe.of("c_uuid_odd_version", ColumnType.UUID, "uuid", null, "UUID",
                                UUID.fromString("7fffffff-ffff-ffff-8000-000000000000"))
                        .onlyOn(POSTGRESQL, SQLITE)
                        .refusedBy(FidelityTarget.MARIADB));
    }

    private static FidelityEdge postgresOnly(String name, ColumnType type, String ddl, String input, Object value,
                                             Set<FidelityTarget> refusedBy) {
        return new FidelityEdge(FidelityProbe.of(name, type, ddl, null, null, value).onlyOn(POSTGRESQL).input(v -> input),
                refusedBy);
    }

    /** A decimal on every engine: {@code numeric}/{@code decimal} with the precision, SQLite's {@code sqliteType}. */
    private static FidelityProbe decimal(String name, String precision, String value, String sqliteType) {
        return FidelityProbe.of(name, ColumnType.DECIMAL, "numeric" + precision, "decimal" + precision, sqliteType + precision,
                        new BigDecimal(value))
                .input(v -> ((BigDecimal) v).toPlainString());
    }
}
