package dev.ferry.connectors.jdbc;

import dev.ferry.api.ColumnType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import static dev.ferry.connectors.jdbc.FidelityEngine.MARIADB;
import static dev.ferry.connectors.jdbc.FidelityEngine.POSTGRESQL;
import static dev.ferry.connectors.jdbc.FidelityEngine.SQLITE;

/**
 * The columns of the type fidelity matrix: every common type at its limits and in its awkward
 * cases, six rows of values each. Row 7 of every table is NULL in every column but the key.
 */
final class FidelityProbes {
    static final int VALUE_ROWS = 6;
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    /** A jsonb document as written and as PostgreSQL prints it back (keys sorted by length, then bytes; spacing normalized). */
    record Jsonb(String written, String printed) {
        @Override
        public String toString() {
            return written;
        }
    }

    /** The instants, each written in its own zone; the Berlin and São Paulo ones sit at daylight-saving changes. */
    static final List<ZonedDateTime> INSTANTS = List.of(
            ZonedDateTime.of(2024, 1, 15, 12, 0, 0, 0, ZoneId.of("Asia/Kolkata")),
            ZonedDateTime.of(2024, 7, 4, 9, 15, 30, 123_456_000, ZoneOffset.ofHours(-8)),
            // the last microsecond before Berlin's clocks jumped from 02:00 to 03:00
            ZonedDateTime.of(2024, 3, 31, 1, 59, 59, 999_999_000, ZoneId.of("Europe/Berlin")),
            ZonedDateTime.of(2024, 3, 31, 3, 0, 0, 1_000, ZoneId.of("Europe/Berlin")),
            // 02:30 happened twice on this day in Berlin: this is the second time, in winter time (+01:00)
            ZonedDateTime.of(2024, 10, 27, 2, 30, 0, 0, ZoneId.of("Europe/Berlin")).withLaterOffsetAtOverlap(),
            // 00:30:00.5 UTC on 2018-11-04, a time of day São Paulo skipped: its clocks went from 00:00 to 01:00
            ZonedDateTime.of(2018, 11, 3, 21, 30, 0, 500_000_000, ZoneId.of("America/Sao_Paulo")));

    private FidelityProbes() {
    }

    static List<FidelityProbe> all() {
        String accents = "Ångström café naïve façade e\u0301 Ærø ß ";
        String cjk = "日本語のテキスト 中文 한국어";
        String emoji = "emoji 😀👍🏽 👨‍👩‍👧 𝄞";
        String arabic = "مرحبا بالعالم 123";
        String hebrew = "שָׁלוֹם עולם (RTL) \u200Fמילה";
        String escapes = "tab\there\nnew line\r\\ back \\N 'single' \"double\"";
        return List.of(
                FidelityProbe.of("c_smallint", ColumnType.SMALLINT, "smallint", "smallint", "SMALLINT",
                        Short.MIN_VALUE, Short.MAX_VALUE, (short) 0, (short) -1, (short) 1, (short) 12345),
                FidelityProbe.of("c_int", ColumnType.INTEGER, "integer", "int", "INTEGER",
                                Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 1, 123_456_789)
                        // SQLite's integers are all 64-bit; INTEGER reads as BIGINT (documented)
                        .readOn(SQLITE, ColumnType.BIGINT, v -> ((Integer) v).longValue()),
                FidelityProbe.of("c_bigint", ColumnType.BIGINT, "bigint", "bigint", "BIGINT",
                        Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L, 9_007_199_254_740_993L),
                // Values every engine keeps, SQLite's numbers included (whole numbers of 64 bits, 15
                // significant digits otherwise); decimals beyond those are cells of their own (FidelityEdges)
                FidelityProbe.of("c_decimal", ColumnType.DECIMAL, "numeric(38,10)", "decimal(38,10)", "DECIMAL(38,10)",
                                new BigDecimal("-2251799813685247.0000000000"), new BigDecimal("99999.9999999999"),
                                new BigDecimal("0.0000000001"), new BigDecimal("-0.0000000001"),
                                new BigDecimal("0.0000000000"), new BigDecimal("12345.6789000000"))
                        .input(v -> ((BigDecimal) v).toPlainString()),
                FidelityProbe.of("c_real", ColumnType.FLOAT, "real", "float", "REAL",
                                -Float.MAX_VALUE, Float.MAX_VALUE, Float.MIN_NORMAL, 0.1f, 1.2345678f, -123456.79f)
                        // the exact decimal expansion, so each engine parses exactly this float
                        .input(v -> new BigDecimal((Float) v).toPlainString())
                        // SQLite's REAL is 8 bytes: it reads as DOUBLE, holding the float's exact value
                        .readOn(SQLITE, ColumnType.DOUBLE, v -> (double) (Float) v),
                FidelityProbe.of("c_double", ColumnType.DOUBLE, "double precision", "double", "DOUBLE",
                        -Double.MAX_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, 0.1, 1.0 / 3, -Math.PI),
                FidelityProbe.of("c_bool", ColumnType.BOOLEAN, "boolean", "boolean", "BOOLEAN",
                                true, false, true, false, true, false)
                        .input(v -> (Boolean) v ? "1" : "0"),
                FidelityProbe.of("c_date", ColumnType.DATE, "date", "date", "DATE",
                        // 1582-10-10 does not exist in the Julian-Gregorian calendar of java.sql.Date;
                        // 2018-11-04 has no midnight in São Paulo
                        LocalDate.of(1000, 1, 1), LocalDate.of(9999, 12, 31), LocalDate.of(1582, 10, 10),
                        LocalDate.of(2018, 11, 4), LocalDate.of(2024, 2, 29), LocalDate.of(1970, 1, 1)),
                FidelityProbe.of("c_time", ColumnType.TIME, "time(6)", "time(6)", "TIME",
                                LocalTime.MIDNIGHT, LocalTime.of(23, 59, 59, 999_999_000), LocalTime.of(12, 34, 56, 123_456_000),
                                LocalTime.of(0, 0, 0, 1_000), LocalTime.of(13, 0), LocalTime.of(8, 30, 15, 500_000_000))
                        .input(v -> TIME.format((LocalTime) v)),
                FidelityProbe.of("c_timestamp", ColumnType.TIMESTAMP, "timestamp(6)", "datetime(6)", "DATETIME",
                                LocalDateTime.of(1000, 1, 1, 0, 0), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
                                // local times that do not exist in São Paulo and Berlin
                                LocalDateTime.of(2018, 11, 4, 0, 30, 0, 500_000_000), LocalDateTime.of(2024, 3, 31, 2, 30),
                                LocalDateTime.of(1970, 1, 1, 0, 0), LocalDateTime.of(2024, 2, 29, 12, 0, 0, 1_000))
                        .input(v -> LOCAL.format((LocalDateTime) v)),
                instants(),
                FidelityProbe.of("c_varchar", ColumnType.STRING, "varchar(100)", "varchar(100)", "VARCHAR(100)",
                        accents, cjk, emoji, arabic, hebrew, escapes),
                FidelityProbe.of("c_text", ColumnType.TEXT, "text", "text", "TEXT",
                        escapes, accents + cjk, emoji.repeat(200), arabic + " " + hebrew, "", " "),
                FidelityProbe.of("c_binary", ColumnType.BINARY, "bytea", "blob", "BLOB",
                                new byte[] {0}, new byte[] {(byte) 0xff}, new byte[] {0, (byte) 0xff, '\\', '\t', '\n', '\r', '\'', '"', 'N'},
                                new byte[0], everyByte(), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0})
                        .input(v -> v),
                FidelityProbe.of("c_json", ColumnType.JSON, "json", "json", "JSON",
                                "{\"a\": [1, 2.50, \"x\"], \"b\": null}", "{\"ü\": \"日本語\", \"emoji\": \"😀\", \"rtl\": \"مرحبا\"}",
                                "[]", "{\"b\":1,\"a\":2}", "\"text with \\\"quotes\\\" and \\\\ backslash\"",
                                "{\"nested\": {\"deep\": [true, false, null]}, \"num\": 1e5}")
                        // MariaDB's json is longtext with a validity check: text (documented)
                        .readOn(MARIADB, ColumnType.TEXT, v -> v),
                FidelityProbe.of("c_jsonb", ColumnType.JSON, "jsonb", null, null,
                                new Jsonb("{\"b\":1,\"a\":2, \"aa\": 3}", "{\"a\": 2, \"b\": 1, \"aa\": 3}"),
                                new Jsonb("{\"ü\": \"日本語\", \"emoji\": \"😀\", \"rtl\": \"مرحبا\"}",
                                        "{\"ü\": \"日本語\", \"rtl\": \"مرحبا\", \"emoji\": \"😀\"}"),
                                new Jsonb("[]", "[]"), new Jsonb("{\"dup\": 1, \"dup\": 2}", "{\"dup\": 2}"),
                                new Jsonb("\"\\u00e9 \\\\\"", "\"é \\\\\""),
                                new Jsonb("{\"num\": 1e5, \"small\": 1.50}", "{\"num\": 100000, \"small\": 1.50}"))
                        .onlyOn(POSTGRESQL)
                        // jsonb becomes json holding PostgreSQL's normalized text (documented)
                        .readOn(POSTGRESQL, ColumnType.JSON, v -> ((Jsonb) v).printed()),
                FidelityProbe.of("c_uuid", ColumnType.UUID, "uuid", "uuid", "UUID",
                        new UUID(0, 0), new UUID(-1, -1), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                        UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"), UUID.fromString("7fffffff-ffff-4fff-bfff-000000000000"),
                        UUID.fromString("01890a5d-ac96-774b-bcce-b302099a8057")),
                // enums have no neutral type: their label as TEXT (documented)
                FidelityProbe.of("c_enum", ColumnType.TEXT, "mood",
                                "enum('sad','ok','happy','ça va','😀 great')", null,
                                "sad", "ok", "happy", "ça va", "😀 great", "ok")
                        .onlyOn(POSTGRESQL, MARIADB),
                // arrays have no neutral type: PostgreSQL's text form as TEXT (documented)
                FidelityProbe.of("c_int_array", ColumnType.TEXT, "integer[]", null, null,
                                "{1,-2,NULL,2147483647}", "{}", "{{1,2},{3,4}}", "{-2147483648}", "{0}", "{7,8,9}")
                        .onlyOn(POSTGRESQL),
                FidelityProbe.of("c_text_array", ColumnType.TEXT, "text[]", null, null,
                                "{\"a b\",\"c,d\",\"\\\"q\\\"\",NULL,日本}", "{}", "{\"\",x}", "{😀,مرحبا}", "{\"NULL\",NULL}",
                                "{\"back\\\\slash\",\"{braces}\"}")
                        .onlyOn(POSTGRESQL));
    }

    /**
     * Timestamps with a zone, each row written in its own zone: PostgreSQL in a session of that
     * zone, MariaDB (whose time zone tables may be empty) in a session of that offset, SQLite as
     * text with the offset. PostgreSQL and MariaDB keep the instant only; SQLite text keeps the
     * offset, and Ferry reads it with it.
     */
    private static FidelityProbe instants() {
        return FidelityProbe.of("c_timestamptz", ColumnType.TIMESTAMP_TZ, "timestamptz(6)", "timestamp(6) NULL DEFAULT NULL",
                        "TIMESTAMPTZ", INSTANTS.toArray())
                .inputOn(POSTGRESQL, v -> {
                    ZonedDateTime zoned = (ZonedDateTime) v;
                    boolean ambiguous = zoned.getZone().getRules().getValidOffsets(zoned.toLocalDateTime()).size() > 1;
                    return LOCAL.format(zoned) + (ambiguous ? zoned.getOffset().getId() : "");
                })
                .inputOn(MARIADB, v -> LOCAL.format((ZonedDateTime) v))
                .inputOn(SQLITE, v -> LOCAL.format((ZonedDateTime) v) + ((ZonedDateTime) v).getOffset().getId())
                .readOn(POSTGRESQL, ColumnType.TIMESTAMP_TZ, v -> ((ZonedDateTime) v).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC))
                .readOn(MARIADB, ColumnType.TIMESTAMP_TZ, v -> ((ZonedDateTime) v).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC))
                .readOn(SQLITE, ColumnType.TIMESTAMP_TZ, v -> ((ZonedDateTime) v).toOffsetDateTime());
    }

    private static byte[] everyByte() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }
}
