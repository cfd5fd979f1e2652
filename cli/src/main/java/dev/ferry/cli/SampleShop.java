package dev.ferry.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Random;

/** The demo's sample data: a small shop's customers and orders in SQLite, made the same every time. */
final class SampleShop {
    static final String PIPELINE_YAML = """
            # A demo pipeline: the shop's SQLite database mirrored into a warehouse SQLite database.
            pipeline: demo-shop
            connections:
              shop:
                url: jdbc:sqlite:shop.db
              warehouse:
                url: jdbc:sqlite:warehouse.db
            source: shop
            destination: warehouse
            state:
              url: jdbc:sqlite:state.db
            streams:
              - table: Customers
                naming: snake_case        # Customers.CustomerId -> customers.customer_id
                sync: hash                # no usable cursor: a content hash per row finds the changes
              - table: Orders
                naming: snake_case
                sync: incremental
                cursor: UpdatedAt         # only orders changed since the last run are read
                lookback: 1m              # re-read the last minute, for rows committed late
            """;

    private static final DateTimeFormatter SQLITE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] COUNTRIES = {"ES", "DO", "IT", "MX", "US", "DE", "FR", "PT", "CO", "AR"};
    private static final String[] STATUSES = {"new", "paid", "shipped", "delivered", "returned"};
    private static final LocalDateTime EPOCH = LocalDateTime.of(2024, 1, 1, 8, 0);

    private final String url;
    private final Random random = new Random(42);

    SampleShop(Path file) {
        this.url = "jdbc:sqlite:" + file;
    }

    void create(int customers, int orders) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("""
                    create table Customers (CustomerId integer primary key, Name nvarchar(80) not null,
                      Email varchar(120), Country char(2) not null, Balance numeric(12,2) not null, JoinedAt datetime not null)""");
            statement.execute("""
                    create table Orders (OrderId integer primary key, CustomerId integer not null, Status varchar(12) not null,
                      Amount numeric(12,2) not null, Note text, OrderedAt datetime not null, UpdatedAt datetime not null)""");
            statement.execute("create index orders_updated on Orders(UpdatedAt)");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("insert into Customers values (?,?,?,?,?,?)")) {
                for (int id = 1; id <= customers; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "Customer " + id + (id % 7 == 0 ? " Ñúñez" : ""));
                    insert.setString(3, id % 11 == 0 ? null : "customer" + id + "@example.com");
                    insert.setString(4, COUNTRIES[id % COUNTRIES.length]);
                    insert.setString(5, money(random.nextInt(1_000_000)).toPlainString());
                    insert.setString(6, EPOCH.minusDays(id % 700).format(SQLITE_TIME));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into Orders values (?,?,?,?,?,?,?)")) {
                for (int id = 1; id <= orders; id++) {
                    LocalDateTime ordered = EPOCH.plusSeconds(id * 37L);
                    insert.setInt(1, id);
                    insert.setInt(2, 1 + random.nextInt(Math.max(1, customers)));
                    insert.setString(3, STATUSES[id % STATUSES.length]);
                    insert.setString(4, money(random.nextInt(5_000_000)).toPlainString());
                    insert.setString(5, id % 9 == 0 ? "deliver after 5 pm" : null);
                    insert.setString(6, ordered.format(SQLITE_TIME));
                    insert.setString(7, ordered.plusMinutes(id % 90).format(SQLITE_TIME));
                    insert.addBatch();
                    if (id % 10_000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
    }

    /** How many rows {@link #changeSomeRows()} changed. */
    record Changes(int orders, int customers) {
    }

    /** Marks some orders shipped (with a later UpdatedAt) and changes some balances. */
    Changes changeSomeRows() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            String now = LocalDateTime.now().format(SQLITE_TIME);
            int orders = statement.executeUpdate("update Orders set Status = 'shipped', UpdatedAt = '" + now
                    + "' where OrderId % 200 = 1");
            int customers = statement.executeUpdate("update Customers set Balance = Balance + 10 where CustomerId % 100 = 1");
            return new Changes(orders, customers);
        }
    }

    /** Prints row counts and content digests of both sides; true when they match. */
    boolean printComparison(Path warehouse, PrintWriter out) throws Exception {
        boolean same = true;
        String[][] tables = {{"Customers", "customers", "CustomerId", "customer_id"}, {"Orders", "orders", "OrderId", "order_id"}};
        try (Connection source = DriverManager.getConnection(url);
             Connection destination = DriverManager.getConnection("jdbc:sqlite:" + warehouse)) {
            out.printf("  %-10s %12s %12s  %s%n", "table", "source rows", "dest rows", "content digest (source / destination)");
            for (String[] table : tables) {
                Digest left = digest(source, "select * from " + table[0] + " order by " + table[2]);
                Digest right = digest(destination, "select * from " + table[1] + " order by " + table[3]);
                same &= left.equals(right);
                out.printf("  %-10s %,12d %,12d  %s / %s%n", table[1], left.rows(), right.rows(), left.hex(), right.hex());
            }
        }
        return same;
    }

    private record Digest(long rows, String hex) {
    }

    private static Digest digest(Connection connection, String query) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        long rows = 0;
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                rows++;
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String value = rs.getString(i);
                    md5.update(String.valueOf(value == null ? "\u0000" : normalise(value)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md5.update((byte) '|');
                }
            }
        }
        return new Digest(rows, HexFormat.of().formatHex(md5.digest()).substring(0, 12));
    }

    /** SQLite may hand back 12.5 for 12.50: compare decimal text by value. */
    private static String normalise(String value) {
        try {
            return new BigDecimal(value).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static BigDecimal money(int cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
