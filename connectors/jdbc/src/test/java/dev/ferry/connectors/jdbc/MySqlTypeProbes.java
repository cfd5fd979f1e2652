package dev.ferry.connectors.jdbc;

import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.ferry.connectors.jdbc.FidelityEngine.MARIADB;

/**
 * MySQL/MariaDB types that have no counterpart on the other engines, as {@link FidelityProbe}s of
 * MariaDB alone: six values each, at the type's limits, bound as a MariaDB user would insert them.
 */
final class MySqlTypeProbes {
    /** Decimals wider than the 15 digits SQLite's numbers keep; SQLite's decimal choice is not this class's subject. */
    static final Set<String> WIDE_DECIMALS = Set.of("c_bit64", "c_bigint_unsigned", "c_decimal_65_30");

    private MySqlTypeProbes() {
    }

    /** Types that read exactly as a neutral type and arrive exactly on every engine that can hold them. */
    static List<FidelityProbe> exact() {
        BigDecimal unsignedMax = new BigDecimal("18446744073709551615");
        BigDecimal decimalMax = new BigDecimal("9".repeat(35) + "." + "9".repeat(30));
        return List.of(
                maria("c_tinyint1", "tinyint(1)", ColumnType.BOOLEAN, true, false, true, false, true, false)
                        .input(v -> (Boolean) v ? "1" : "0"),
                maria("c_bit1", "bit(1)", ColumnType.BOOLEAN, true, false, true, false, true, false)
                        .input(v -> new byte[] {(byte) ((Boolean) v ? 1 : 0)}),
                // BIT(63) fits a signed BIGINT; BIT(64) needs the unsigned range of DECIMAL(20,0)
                maria("c_bit63", "bit(63)", ColumnType.BIGINT, 0L, Long.MAX_VALUE, 1L, 1L << 62, 0x5555_5555_5555_5555L, 2L)
                        .input(v -> bits((Long) v)),
                maria("c_bit64", "bit(64)", ColumnType.DECIMAL, BigDecimal.ZERO, unsignedMax,
                                new BigDecimal("9223372036854775808"), new BigDecimal("9223372036854775807"), BigDecimal.ONE,
                                new BigDecimal("12297829382473034410"))
                        .input(v -> bits(((BigDecimal) v).toBigInteger().longValue())),
                // the zero year 0000 is YEAR's own value, kept even in strict mode; '0' would insert 2000
                maria("c_year", "year", ColumnType.SMALLINT, (short) 1901, (short) 2155, (short) 0, (short) 2024,
                        (short) 1970, (short) 2000)
                        .input(v -> String.format("%04d", (Short) v)),
                // MariaDB spells a set's members in the order of its definition, comma-separated
                maria("c_set", "set('a','b','c d','é','😀')", ColumnType.TEXT, "a", "a,c d", "", "b,c d,é", "😀",
                        "a,b,c d,é,😀"),
                maria("c_tinyint_unsigned", "tinyint unsigned", ColumnType.SMALLINT, (short) 0, (short) 255, (short) 1,
                        (short) 128, (short) 127, (short) 254),
                maria("c_smallint_unsigned", "smallint unsigned", ColumnType.INTEGER, 0, 65_535, 1, 32_768, 32_767, 65_534),
                maria("c_mediumint", "mediumint", ColumnType.INTEGER, -8_388_608, 8_388_607, 0, -1, 1, 1_234_567),
                maria("c_mediumint_unsigned", "mediumint unsigned", ColumnType.INTEGER, 0, 16_777_215, 1, 8_388_608,
                        8_388_607, 16_777_214),
                maria("c_int_unsigned", "int unsigned", ColumnType.BIGINT, 0L, 4_294_967_295L, 1L, 2_147_483_648L,
                        2_147_483_647L, 4_294_967_294L),
                maria("c_bigint_unsigned", "bigint unsigned", ColumnType.DECIMAL, BigDecimal.ZERO, unsignedMax,
                        new BigDecimal("9223372036854775808"), new BigDecimal("9223372036854775807"), BigDecimal.ONE,
                        new BigDecimal("18446744073709551614")),
                maria("c_decimal_65_30", "decimal(65,30)", ColumnType.DECIMAL, decimalMax.negate(), decimalMax,
                                BigDecimal.ZERO.setScale(30), new BigDecimal("0." + "0".repeat(29) + "1"),
                                new BigDecimal("-0." + "0".repeat(29) + "1"), new BigDecimal("12345.678901234567890123456789012345"))
                        .input(v -> ((BigDecimal) v).toPlainString()),
                // each text class at its limit in bytes (255, 65,535) or past the class below it
                maria("c_tinytext", "tinytext", ColumnType.TEXT, "x".repeat(255), "é".repeat(127) + "x",
                        "😀".repeat(63) + "abc", "日本語".repeat(28) + "abc", "", "tab\there \\N 'q'"),
                maria("c_text", "text", ColumnType.TEXT, "x".repeat(65_535), "é".repeat(32_767) + "x",
                        "😀".repeat(16_383) + "abc", "日".repeat(21_845), "", "\\N"),
                maria("c_mediumtext", "mediumtext", ColumnType.TEXT, "é".repeat(600_000), "x".repeat(65_536), "",
                        "😀", "line\nbreak", " "),
                maria("c_longtext", "longtext", ColumnType.TEXT, "", "😀a".repeat(400_000), "x", "\\", "\t", "é"),
                binary("c_tinyblob", "tinyblob", pattern(255), new byte[] {0}, new byte[0], pattern(254), new byte[] {'\\', 'N'},
                        new byte[] {(byte) 0xff}),
                binary("c_blob", "blob", new byte[0], pattern(65_535), new byte[] {0, 0}, pattern(1000), new byte[] {'\t'},
                        new byte[] {'\n', '\r'}),
                binary("c_mediumblob", "mediumblob", new byte[] {1}, new byte[0], pattern(1_500_000), pattern(65_536),
                        new byte[] {0}, new byte[] {(byte) 0x80}),
                binary("c_longblob", "longblob", new byte[] {2}, new byte[] {3}, new byte[0], pattern(7), pattern(2_500_000),
                        new byte[] {(byte) 0xfe}));
    }

    /** A geometry as WKT with its SRID. */
    record Shape(String wkt, int srid) {
    }

    /**
     * One column per spatial type, each value with its SRID. The native insert binds MariaDB's
     * storage form (SRID then WKB) as the server makes it from the WKT; Ferry reads EWKB, built here
     * from the server's own WKB ({@code ST_AsBinary}) and SRID as PostGIS defines it.
     */
    static List<FidelityProbe> spatial(ConnectionSpec maria) {
        Map<String, List<Shape>> columns = new java.util.LinkedHashMap<>();
        columns.put("geometry", List.of(new Shape("POINT(1 2)", 0), new Shape("LINESTRING(0 0,1 1,2 0)", 4326),
                new Shape("POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 1))", 3857), new Shape("POINT(-71.064544 42.28787)", 4326),
                new Shape("MULTIPOINT(0 0,1e300 -1e-300)", 0), new Shape("GEOMETRYCOLLECTION(POINT(1 1),LINESTRING(0 0,1 1))", 2154)));
        columns.put("point", List.of(new Shape("POINT(1 2)", 0), new Shape("POINT(-71.064544 42.28787)", 4326),
                new Shape("POINT(0 0)", 3857), new Shape("POINT(1e300 -1e-300)", 0), new Shape("POINT(-0.5 0.25)", 2154),
                new Shape("POINT(180 -90)", 4326)));
        columns.put("linestring", List.of(new Shape("LINESTRING(0 0,1 1)", 0), new Shape("LINESTRING(-71 42,-70 43,-69 44)", 4326),
                new Shape("LINESTRING(0 0,0 0)", 0), new Shape("LINESTRING(1.5 2.5,3.5 4.5)", 3857),
                new Shape("LINESTRING(0 0,10 10,20 0,30 10)", 0), new Shape("LINESTRING(-1 -1,1 1)", 2154)));
        columns.put("polygon", List.of(new Shape("POLYGON((0 0,1 0,1 1,0 0))", 0),
                new Shape("POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 1))", 4326), new Shape("POLYGON((0 0,1 0,1 1,0 0))", 3857),
                new Shape("POLYGON((-10 -10,10 -10,10 10,-10 -10))", 0), new Shape("POLYGON((0 0,2 0,2 2,0 2,0 0))", 2154),
                new Shape("POLYGON((0 0,3 0,0 3,0 0))", 4326)));
        columns.put("multipoint", List.of(new Shape("MULTIPOINT(0 0,1 1)", 0), new Shape("MULTIPOINT(-71 42)", 4326),
                new Shape("MULTIPOINT(1 2,3 4,5 6)", 3857), new Shape("MULTIPOINT(0 0)", 0), new Shape("MULTIPOINT(9 9,8 8)", 2154),
                new Shape("MULTIPOINT(1 1,1 1)", 4326)));
        columns.put("multilinestring", List.of(new Shape("MULTILINESTRING((0 0,1 1),(2 2,3 3))", 0),
                new Shape("MULTILINESTRING((-71 42,-70 43))", 4326), new Shape("MULTILINESTRING((0 0,1 0),(1 0,1 1))", 3857),
                new Shape("MULTILINESTRING((5 5,6 6))", 0), new Shape("MULTILINESTRING((0 0,1 1),(1 1,2 2),(2 2,3 3))", 2154),
                new Shape("MULTILINESTRING((9 9,8 8))", 4326)));
        columns.put("multipolygon", List.of(new Shape("MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((2 2,3 2,3 3,2 2)))", 0),
                new Shape("MULTIPOLYGON(((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 1)))", 4326),
                new Shape("MULTIPOLYGON(((0 0,1 0,1 1,0 0)))", 3857), new Shape("MULTIPOLYGON(((5 5,6 5,6 6,5 5)))", 0),
                new Shape("MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))", 2154),
                new Shape("MULTIPOLYGON(((-1 -1,1 -1,1 1,-1 -1)))", 4326)));
        columns.put("geometrycollection", List.of(new Shape("GEOMETRYCOLLECTION(POINT(1 1))", 0),
                new Shape("GEOMETRYCOLLECTION(POINT(1 1),LINESTRING(0 0,1 1))", 4326),
                new Shape("GEOMETRYCOLLECTION(POLYGON((0 0,1 0,1 1,0 0)),MULTIPOINT(1 1,2 2))", 3857),
                new Shape("GEOMETRYCOLLECTION(GEOMETRYCOLLECTION(POINT(2 3)))", 0),
                new Shape("GEOMETRYCOLLECTION(LINESTRING(0 0,1 1),POINT(5 5))", 2154),
                new Shape("GEOMETRYCOLLECTION(POINT(0 0),POINT(1 1))", 4326)));
        Map<Shape, byte[]> stored = new HashMap<>();
        Map<Shape, byte[]> ewkb = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(maria.url());
             PreparedStatement select = connection.prepareStatement(
                     "SELECT ST_GeomFromText(?, ?), ST_AsBinary(ST_GeomFromText(?, ?))")) {
            for (List<Shape> shapes : columns.values()) {
                for (Shape shape : shapes) {
                    select.setString(1, shape.wkt());
                    select.setInt(2, shape.srid());
                    select.setString(3, shape.wkt());
                    select.setInt(4, shape.srid());
                    try (ResultSet result = select.executeQuery()) {
                        result.next();
                        stored.put(shape, result.getBytes(1));
                        ewkb.put(shape, ewkb(result.getBytes(2), shape.srid()));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        List<FidelityProbe> probes = new ArrayList<>();
        columns.forEach((type, shapes) -> probes.add(maria("c_" + type, type, ColumnType.BINARY, shapes.toArray())
                .input(stored::get)
                .readOn(MARIADB, ColumnType.BINARY, ewkb::get)));
        return probes;
    }

    /** PostGIS's EWKB of a WKB and SRID: the SRID flag in the type word and the SRID after it; plain WKB for SRID 0. */
    static byte[] ewkb(byte[] wkb, int srid) {
        if (srid == 0) {
            return wkb;
        }
        ByteOrder order = wkb[0] == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        ByteBuffer in = ByteBuffer.wrap(wkb).order(order);
        ByteBuffer out = ByteBuffer.allocate(wkb.length + 4).order(order);
        out.put(wkb[0]).putInt(in.getInt(1) | 0x20000000).putInt(srid).put(wkb, 5, wkb.length - 5);
        return out.array();
    }

    private static FidelityProbe maria(String name, String ddl, ColumnType type, Object... values) {
        return FidelityProbe.of(name, type, null, ddl, null, values).onlyOn(MARIADB);
    }

    private static FidelityProbe binary(String name, String ddl, Object... values) {
        return maria(name, ddl, ColumnType.BINARY, values).input(v -> v);
    }

    /** A BIT value as MariaDB takes it from a binary string: eight bytes, most significant first. */
    private static byte[] bits(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    /** {@code length} bytes running through every byte value. */
    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + i / 256);
        }
        return bytes;
    }
}
