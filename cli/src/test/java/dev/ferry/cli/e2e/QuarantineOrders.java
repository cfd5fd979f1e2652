package dev.ferry.cli.e2e;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SQLite {@code orders} table the quarantine tests read, with rows of every kind a run must set
 * aside among good ones, and the values a destination must hold for each good row after the
 * stream's transforms: {@code stage} looked up in a mapping file, {@code qty} cast to an integer,
 * {@code amount} to a decimal(12,2).
 *
 * <p>Values are compared as text made the same way for every database (numbers without trailing
 * zeros, doubles as Java spells them), read over plain JDBC, not through Ferry.
 */
final class QuarantineOrders {
    static final int ROWS = 40;
    /** Transform errors: a stage the mapping file lacks, a quantity that is not an integer. */
    static final long UNMAPPED_STAGE = 7;
    static final long FRACTIONAL_QTY = 13;
    /** Destination refusals: the CHECK, the too-narrow text and decimal, the NOT NULL. */
    static final long ZERO_QTY = 18;
    static final long LONG_CODE = 22;
    static final long LARGE_AMOUNT = 27;
    static final long NULL_NOTE = 31;
    /** Good rows, but for the database that cannot hold the value: PostgreSQL and NUL, MariaDB and infinity. */
    static final long NUL_NOTE = 35;
    static final long INFINITE_PRICE = 38;

    /** The mapping of source stages as shipped, without "returned"; {@link #FIXED_STAGES} adds it. */
    static final String STAGES = "{\"new\": \"NEW\", \"paid\": \"PAID\", \"shipped\": \"SHIPPED\"}";
    static final String FIXED_STAGES = "{\"new\": \"NEW\", \"paid\": \"PAID\", \"shipped\": \"SHIPPED\", "
            + "\"returned\": \"RETURNED\"}";

    private static final String[] STAGE_CYCLE = {"new", "paid", "shipped"};

    /** One source row, as text where the transforms parse it. */
    record Order(long id, String stage, String qty, String code, String amount, String note, double price,
                 long version) {

        /** The row with another stage, as an update at the source gives it. */
        Order withStage(String newStage, long newVersion) {
            return new Order(id, newStage, qty, code, amount, note, price, newVersion);
        }

        Order withCode(String newCode, long newVersion) {
            return new Order(id, stage, qty, newCode, amount, note, price, newVersion);
        }

        /** The values a destination must hold for it, as {@link #readDestination} gives them. */
        List<String> expected() {
            // Arrays.asList: a note may be null.
            return Arrays.asList(Long.toString(id), mappedStage(stage), Long.toString(Long.parseLong(qty)), code,
                    number(new BigDecimal(amount)), note, Double.toString(price), Long.toString(version));
        }
    }

    private QuarantineOrders() {
    }

    /** Rows 1..{@link #ROWS}: good ones, and the bad ones at the ids named above. */
    static List<Order> rows() {
        List<Order> rows = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) {
            String stage = STAGE_CYCLE[(int) (id % 3)];
            String qty = Long.toString(id % 9 + 1);
            String code = "C-" + id;
            String amount = BigDecimal.valueOf(id * 1250, 2).toPlainString();
            String note = "nota " + id + " – café 東京";
            double price = id * 1.25;
            if (id == UNMAPPED_STAGE) {
                stage = "returned";
            } else if (id == FRACTIONAL_QTY) {
                qty = "12.5";
            } else if (id == ZERO_QTY) {
                qty = "0";
            } else if (id == LONG_CODE) {
                code = "CODE-TOO-LONG";
            } else if (id == LARGE_AMOUNT) {
                amount = "123456.00";
            } else if (id == NULL_NOTE) {
                note = null;
            } else if (id == NUL_NOTE) {
                note = "nul\u0000byte";
            } else if (id == INFINITE_PRICE) {
                price = Double.POSITIVE_INFINITY;
            }
            rows.add(new Order(id, stage, qty, code, amount, note, price, id));
        }
        return rows;
    }

    /** Every id of {@link #rows()} a run with {@code destination} must set aside. */
    static List<Long> badIds(QuarantineDestination destination) {
        List<Long> ids = new ArrayList<>(List.of(UNMAPPED_STAGE, FRACTIONAL_QTY, ZERO_QTY, LONG_CODE, LARGE_AMOUNT,
                NULL_NOTE));
        if (destination.refusesNul()) {
            ids.add(NUL_NOTE);
        }
        if (destination.refusesInfinity()) {
            ids.add(INFINITE_PRICE);
        }
        ids.sort(Long::compare);
        return ids;
    }

    static void createSource(Path database, List<Order> rows) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(database));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, stage TEXT, qty TEXT, code TEXT, "
                    + "amount TEXT, note TEXT, price REAL, version INTEGER NOT NULL)");
        }
        upsert(database, rows);
    }

    /** Inserts or replaces rows at the source. */
    static void upsert(Path database, List<Order> rows) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(database));
             PreparedStatement insert = connection.prepareStatement("INSERT OR REPLACE INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Order row : rows) {
                insert.setLong(1, row.id());
                insert.setString(2, row.stage());
                insert.setString(3, row.qty());
                insert.setString(4, row.code());
                insert.setString(5, row.amount());
                insert.setString(6, row.note());
                insert.setDouble(7, row.price());
                insert.setLong(8, row.version());
                insert.executeUpdate();
            }
        }
    }

    static void delete(Path database, long id) throws SQLException {
        QuarantineDestination.execute(url(database), List.of("DELETE FROM orders WHERE id = " + id));
    }

    /** The destination's {@code orders}, by id, each row's values made comparable across databases. */
    static Map<Long, List<String>> readDestination(String url) throws SQLException {
        Map<Long, List<String>> rows = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT id, stage, qty, code, amount, note, price, version FROM orders ORDER BY id")) {
            while (result.next()) {
                long id = result.getLong(1);
                List<String> values = Arrays.asList(Long.toString(id), result.getString(2), result.getString(3),
                        result.getString(4), number(new BigDecimal(result.getString(5))), result.getString(6),
                        Double.toString(result.getDouble(7)), result.getString(8));
                List<String> earlier = rows.put(id, values);
                if (earlier != null) {
                    throw new AssertionError("id " + id + " is twice in the destination: " + earlier + " and " + values);
                }
            }
        }
        return rows;
    }

    /** What {@code rows} must look like at the destination, by id. */
    static Map<Long, List<String>> expected(List<Order> rows) {
        Map<Long, List<String>> expected = new TreeMap<>();
        for (Order row : rows) {
            expected.put(row.id(), row.expected());
        }
        return expected;
    }

    private static String mappedStage(String stage) {
        return stage.toUpperCase();
    }

    private static String number(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static String url(Path database) {
        return "jdbc:sqlite:" + database;
    }
}
