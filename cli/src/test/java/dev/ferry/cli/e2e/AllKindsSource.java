package dev.ferry.cli.e2e;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A PostgreSQL table {@code kinds} with a column of every type Ferry maps, its rows at the edges of
 * each type, and what each value must become after a trip to Convex and back through either write
 * path: spelled out per type from the connector's documented rules, so a change in any of them shows.
 *
 * <p>Values are compared as typed text ({@code int64:5}, {@code double:-0.0}, {@code text:…},
 * {@code bytes:<hex>}, {@code bool:true}, {@code json:<normalized>}), the type taken from the column
 * the read-back created, so a value that arrives with the right digits in the wrong type fails too.
 */
final class AllKindsSource {
    static final String TABLE = "kinds";
    static final List<String> COLUMNS = List.of("id", "label", "small", "whole", "big", "exact", "money", "single", "dbl",
            "flag", "body", "code", "blob", "day", "clock", "stamp", "moment", "ident", "doc");
    static final long TWO_TO_53 = 1L << 53;
    static final byte[] EVERY_BYTE = everyByte();
    /** Rows the streaming import refuses, with the column it names: plain JSON has no int64 beyond 2^53, NaN or infinity. */
    static final Map<String, String> IMPORT_REFUSES = Map.of("bigmax", "big", "bigmin", "big", "nan", "dbl",
            "inf", "dbl", "neginf", "single");

    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    /** How a date or time is written in SQL and the ISO 8601 string Convex must hold for it. */
    record Spelled(String sql, String convex) {
    }

    /** Which of the Convex destination's write paths carried the rows. */
    enum WritePath {
        /** The streaming import: plain JSON, numbers as float64, bytes as base64 strings. */
        IMPORT,
        /** The user's mutations with {@code integers: int64}: Convex's JSON encoding, int64 and bytes kept. */
        MUTATION
    }

    private AllKindsSource() {
    }

    /** The rows by label, each a map of column to value (null for SQL NULL). */
    static Map<String, Map<String, Object>> rows() {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        Map<String, Object> max = row(1, "max");
        max.putAll(Map.of("small", (short) 32767, "whole", Integer.MAX_VALUE, "big", TWO_TO_53,
                "exact", "123456789012345678901234567890.123456789012345678901234567890", "money", "99999999.99",
                "single", Float.MAX_VALUE, "dbl", Double.MAX_VALUE, "flag", true,
                "body", "na\u00efve caf\u00e9 \u6771\u4eac \uD83D\uDE00 \uD834\uDD1E \u202Eright-to-left \uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08",
                "code", "\u00fcn\u00efc\u00f8d\u00e9 \u2713"));
        max.putAll(Map.of("blob", EVERY_BYTE, "day", new Spelled("9999-12-31", "9999-12-31"),
                "clock", new Spelled("23:59:59.999999", "23:59:59.999999"),
                "stamp", new Spelled("9999-12-31 23:59:59.999999", "9999-12-31T23:59:59.999999"),
                "moment", new Spelled("2024-06-30 23:59:59.999999+02", "2024-06-30T21:59:59.999999Z"),
                "ident", UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"),
                "doc", "{\"name\": \"\u00fcn\u00ef \uD83D\uDE00\", \"n\": 1, \"f\": 2.5, \"neg\": -9007199254740992, "
                        + "\"list\": [1, \"two\", null, true, {\"deep\": [[], {}, [0.125]]}], \"empty\": {}}"));
        rows.put("max", max);

        Map<String, Object> min = row(2, "min");
        min.putAll(Map.of("small", (short) -32768, "whole", Integer.MIN_VALUE, "big", -TWO_TO_53,
                "exact", "-0.000000000000000000000000000001", "money", "-0.01", "single", Float.MIN_VALUE,
                "dbl", Double.MIN_VALUE, "flag", false, "body", "", "code", ""));
        min.putAll(Map.of("blob", new byte[0], "day", new Spelled("0001-01-01", "0001-01-01"),
                "clock", new Spelled("00:00:00", "00:00:00"),
                "stamp", new Spelled("0001-01-01 00:00:00", "0001-01-01T00:00:00"),
                "moment", new Spelled("1970-01-01 00:00:00+00", "1970-01-01T00:00:00Z"),
                "ident", UUID.fromString("00000000-0000-0000-0000-000000000000"), "doc", "[]"));
        rows.put("min", min);

        rows.put("bigmax", plain(3, "bigmax", Map.of("big", Long.MAX_VALUE)));
        rows.put("bigmin", plain(4, "bigmin", Map.of("big", Long.MIN_VALUE)));
        rows.put("nan", plain(5, "nan", Map.of("dbl", Double.NaN)));
        rows.put("inf", plain(6, "inf", Map.of("dbl", Double.POSITIVE_INFINITY)));
        rows.put("neginf", plain(7, "neginf", Map.of("single", Float.NEGATIVE_INFINITY, "dbl", Double.NEGATIVE_INFINITY)));
        rows.put("negzero", plain(8, "negzero", Map.of("single", -0.0f, "dbl", -0.0, "whole", 0, "exact", "0",
                "money", "0.00")));
        rows.put("nulls", row(9, "nulls"));
        rows.put("plain", plain(10, "plain", Map.of()));
        return rows;
    }

    /** The labels of the rows the streaming import can carry. */
    static List<String> importable() {
        return rows().keySet().stream().filter(label -> !IMPORT_REFUSES.containsKey(label)).toList();
    }

    private static Map<String, Object> row(int id, String label) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String column : COLUMNS) {
            row.put(column, null);
        }
        row.put("id", id);
        row.put("label", label);
        return row;
    }

    /** Ordinary values in every column, then {@code overrides}. */
    private static Map<String, Object> plain(int id, String label, Map<String, Object> overrides) {
        Map<String, Object> row = row(id, label);
        row.putAll(Map.of("small", (short) 7, "whole", 42, "big", -1234567890123L, "exact", "12.50", "money", "12.50",
                "single", 0.1f, "dbl", 0.1, "flag", true, "body", "line one\nline two\ttab \"quoted\" \\ back",
                "code", "A-" + id));
        row.putAll(Map.of("blob", new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80}, "day", new Spelled("2024-02-29", "2024-02-29"),
                "clock", new Spelled("10:15:30.5", "10:15:30.5"),
                "stamp", new Spelled("2024-02-29 10:15:30.123456", "2024-02-29T10:15:30.123456"),
                "moment", new Spelled("2024-01-31 10:15:30.5+02", "2024-01-31T08:15:30.5Z"),
                "ident", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                "doc", "{\"a\": {\"b\": {\"c\": [1, 2, {\"d\": \"\u00e9\"}]}}, \"ok\": false}"));
        row.putAll(overrides);
        return row;
    }

    private static byte[] everyByte() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    /** Creates {@code kinds} in the database at {@code url} and inserts every row. */
    static void create(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("""
                    create table kinds (id integer primary key, label text not null unique, small smallint, whole integer,
                      big bigint, exact numeric, money numeric(10,2), single real, dbl double precision, flag boolean,
                      body text, code varchar(40), blob bytea, day date, clock time, stamp timestamp, moment timestamptz,
                      ident uuid, doc jsonb)""");
            try (PreparedStatement insert = connection.prepareStatement("insert into kinds values (?, ?, ?, ?, ?, ?::numeric, "
                    + "?::numeric, ?, ?, ?, ?, ?, ?, ?::date, ?::time, ?::timestamp, ?::timestamptz, ?, ?::jsonb)")) {
                for (Map<String, Object> row : rows().values()) {
                    for (int i = 0; i < COLUMNS.size(); i++) {
                        Object value = row.get(COLUMNS.get(i));
                        if (value instanceof Spelled spelled) {
                            insert.setString(i + 1, spelled.sql());
                        } else if (value == null) {
                            insert.setNull(i + 1, sqlType(COLUMNS.get(i)));
                        } else {
                            insert.setObject(i + 1, value);
                        }
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    private static int sqlType(String column) {
        return switch (column) {
            case "small" -> Types.SMALLINT;
            case "whole", "id" -> Types.INTEGER;
            case "big" -> Types.BIGINT;
            case "single" -> Types.REAL;
            case "dbl" -> Types.DOUBLE;
            case "flag" -> Types.BOOLEAN;
            case "blob" -> Types.BINARY;
            case "ident" -> Types.OTHER;
            default -> Types.VARCHAR;
        };
    }

    /** What every row must read back as after the trip through {@code path}, by label and column. */
    static Map<String, Map<String, String>> expected(WritePath path, List<String> labels) {
        Map<String, Map<String, String>> expected = new TreeMap<>();
        Map<String, Map<String, Object>> rows = rows();
        for (String label : labels) {
            Map<String, String> row = new TreeMap<>();
            rows.get(label).forEach((column, value) -> row.put(column, expectedValue(path, column, value)));
            expected.put(label, row);
        }
        return expected;
    }

    /**
     * The documented transformations, one by one: integers are float64 numbers on the import path and
     * int64 with {@code integers: int64}; a real widens exactly to a float64; decimals keep their
     * digits (and scale) as strings; bytes are base64 strings on the import path and Convex bytes on
     * the mutation path; dates and times are ISO 8601 strings, a time with zone in UTC; UUIDs are
     * strings; JSON is its value, an object or array.
     */
    private static String expectedValue(WritePath path, String column, Object value) {
        if (value == null) {
            return null;
        }
        return switch (column) {
            case "id", "small", "whole", "big" -> path == WritePath.IMPORT
                    ? "double:" + ((Number) value).doubleValue() : "int64:" + ((Number) value).longValue();
            case "single" -> "double:" + (double) (Float) value;
            case "dbl" -> "double:" + value;
            case "flag" -> "bool:" + value;
            case "blob" -> path == WritePath.IMPORT ? "text:" + Base64.getEncoder().encodeToString((byte[]) value)
                    : "bytes:" + HexFormat.of().formatHex((byte[]) value);
            case "day", "clock", "stamp", "moment" -> "text:" + ((Spelled) value).convex();
            case "doc" -> "json:" + normalized((String) value);
            default -> "text:" + value;
        };
    }

    /**
     * The rows of {@code kinds} at {@code url} (the read-back), by label, as typed text. Also returns
     * the columns besides the source's: Convex's {@code _id} and {@code _creationTime}, checked here.
     */
    static Map<String, Map<String, String>> readBack(String url) throws Exception {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select * from kinds")) {
            ResultSetMetaData meta = result.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnName(i));
            }
            List<String> expectedNames = new ArrayList<>(List.of("_id", "_creationTime"));
            expectedNames.addAll(COLUMNS);
            org.assertj.core.api.Assertions.assertThat(names).as("the read-back's columns")
                    .containsExactlyInAnyOrderElementsOf(expectedNames);
            while (result.next()) {
                Map<String, String> row = new TreeMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String name = meta.getColumnName(i);
                    if (!name.startsWith("_")) {
                        row.put(name, typed(result, i, meta.getColumnTypeName(i)));
                    }
                }
                org.assertj.core.api.Assertions.assertThat(result.getString("_id")).as("a document id").isNotBlank();
                org.assertj.core.api.Assertions.assertThat(result.getString("_creationTime")).isNotBlank();
                String label = row.get("label").substring("text:".length());
                org.assertj.core.api.Assertions.assertThat(rows.put(label, row)).as("a second row for %s", label).isNull();
            }
        }
        return rows;
    }

    /**
     * The rows of {@code kinds} at {@code url}, by label, each value read as the type {@code expected}
     * gives its column: for databases whose column type names differ from PostgreSQL's (MariaDB,
     * SQLite), where the value, not the type's name, is what the test compares.
     */
    static Map<String, Map<String, String>> readBackAs(String url, Map<String, Map<String, String>> expected)
            throws Exception {
        Map<String, String> kinds = new TreeMap<>();
        expected.values().forEach(row -> row.forEach((column, value) -> {
            if (value != null) {
                kinds.putIfAbsent(column, value.substring(0, value.indexOf(':')));
            }
        }));
        Map<String, Map<String, String>> rows = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select * from kinds")) {
            while (result.next()) {
                Map<String, String> row = new TreeMap<>();
                for (String column : COLUMNS) {
                    row.put(column, result.getObject(column) == null ? null : switch (kinds.get(column)) {
                        case "int64" -> "int64:" + result.getLong(column);
                        case "double" -> "double:" + result.getDouble(column);
                        case "bool" -> "bool:" + result.getBoolean(column);
                        case "bytes" -> "bytes:" + HexFormat.of().formatHex(result.getBytes(column));
                        case "json" -> "json:" + normalized(result.getString(column));
                        default -> "text:" + result.getString(column);
                    });
                }
                String label = result.getString("label");
                org.assertj.core.api.Assertions.assertThat(rows.put(label, row)).as("a second row for %s", label).isNull();
            }
        }
        return rows;
    }

    private static String typed(ResultSet result, int column, String type) throws Exception {
        if (result.getObject(column) == null) {
            return null;
        }
        return switch (type) {
            case "float8" -> "double:" + result.getDouble(column);
            case "int8" -> "int64:" + result.getLong(column);
            case "text", "varchar" -> "text:" + result.getString(column);
            case "bytea" -> "bytes:" + HexFormat.of().formatHex(result.getBytes(column));
            case "bool" -> "bool:" + result.getBoolean(column);
            case "json", "jsonb" -> "json:" + normalized(result.getString(column));
            default -> throw new AssertionError("column " + result.getMetaData().getColumnName(column) + " read back as "
                    + type + ", not a type a Convex value maps to");
        };
    }

    /**
     * JSON with every number as its exact value without trailing zeros and object fields in name
     * order, so {@code 1} and {@code 1.0} (a float64 either way in Convex) compare equal and key order
     * (which jsonb does not keep) does not matter, while any other change of a value shows.
     */
    static String normalized(String json) {
        try {
            return normalize(EXACT.readTree(json)).toString();
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static JsonNode normalize(JsonNode node) {
        if (node.isNumber()) {
            return JsonNodeFactory.instance.textNode("number:" + node.decimalValue().stripTrailingZeros().toPlainString());
        }
        if (node.isArray()) {
            var array = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> array.add(normalize(element)));
            return array;
        }
        if (node.isObject()) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            new TreeMap<>(toMap(node)).forEach((name, value) -> object.set(name, normalize(value)));
            return object;
        }
        return node;
    }

    private static Map<String, JsonNode> toMap(JsonNode object) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        return fields;
    }
}
