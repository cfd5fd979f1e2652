package dev.ferry.cli.e2e;

import dev.ferry.testkit.TestMariaDb;
import dev.ferry.testkit.TestPostgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A destination database for the quarantine tests, with the {@code orders} table the test creates
 * before Ferry runs: the same columns Ferry would create, but with constraints that refuse some rows
 * for their data (a CHECK, a too-narrow text and decimal, a NOT NULL), and the statements that lift
 * them again. SQLite enforces neither a VARCHAR's length nor a DECIMAL's precision, so there CHECK
 * constraints stand in for both.
 *
 * <p>Each refusal is described by the words the database uses for it, so a test can require that the
 * quarantined row's error says which rule the row broke.
 */
enum QuarantineDestination {
    POSTGRESQL {
        @Override
        String freshUrl(Path dir) {
            return TestPostgres.freshDatabase("quarantine_e2e");
        }

        @Override
        String createOrders() {
            return """
                    CREATE TABLE orders (
                      id bigint PRIMARY KEY,
                      stage text,
                      qty integer,
                      code varchar(8),
                      amount numeric(6,2),
                      note text NOT NULL,
                      price double precision,
                      version bigint,
                      CONSTRAINT qty_positive CHECK (qty > 0))""";
        }

        @Override
        List<String> relaxOrders() {
            return List.of("ALTER TABLE orders DROP CONSTRAINT qty_positive",
                    "ALTER TABLE orders ALTER COLUMN code TYPE text",
                    "ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12,2)",
                    "ALTER TABLE orders ALTER COLUMN note DROP NOT NULL");
        }

        @Override
        Refusals refusals() {
            return new Refusals("qty_positive", "character varying(8)", "numeric field overflow", "\"note\"",
                    "0x00");
        }
    },

    MARIADB {
        @Override
        String freshUrl(Path dir) {
            return TestMariaDb.freshDatabase("quarantine_e2e");
        }

        @Override
        String createOrders() {
            return """
                    CREATE TABLE orders (
                      id bigint PRIMARY KEY,
                      stage text,
                      qty int,
                      code varchar(8),
                      amount decimal(6,2),
                      note text NOT NULL,
                      price double,
                      version bigint,
                      CONSTRAINT qty_positive CHECK (qty > 0))""";
        }

        @Override
        List<String> relaxOrders() {
            return List.of("ALTER TABLE orders DROP CONSTRAINT qty_positive",
                    "ALTER TABLE orders MODIFY code varchar(64)",
                    "ALTER TABLE orders MODIFY amount decimal(12,2)",
                    "ALTER TABLE orders MODIFY note text NULL");
        }

        @Override
        Refusals refusals() {
            return new Refusals("qty_positive", "'code'", "'amount'", "'note'", "Infinity");
        }
    },

    SQLITE {
        @Override
        String freshUrl(Path dir) {
            return "jdbc:sqlite:" + dir.resolve("destination.db");
        }

        @Override
        String createOrders() {
            return COLUMNS_SQLITE.formatted("orders", """
                    ,
                      CONSTRAINT qty_positive CHECK (qty > 0),
                      CONSTRAINT code_length CHECK (length(code) <= 8),
                      CONSTRAINT amount_range CHECK (amount < 10000)""", "NOT NULL");
        }

        @Override
        List<String> relaxOrders() {
            // SQLite cannot drop a constraint: the table is made again without them.
            return List.of(COLUMNS_SQLITE.formatted("orders_relaxed", "", ""),
                    "INSERT INTO orders_relaxed SELECT * FROM orders",
                    "DROP TABLE orders",
                    "ALTER TABLE orders_relaxed RENAME TO orders");
        }

        @Override
        Refusals refusals() {
            return new Refusals("qty_positive", "code_length", "amount_range", "orders.note", null);
        }
    };

    private static final String COLUMNS_SQLITE = """
            CREATE TABLE %s (
              id INTEGER PRIMARY KEY,
              stage TEXT,
              qty INTEGER,
              code TEXT,
              amount NUMERIC,
              note TEXT %3$s,
              price REAL,
              version INTEGER%2$s)""";

    /** A JDBC URL of a new, empty database for one test. */
    abstract String freshUrl(Path dir);

    /** The statement that creates {@code orders} with the constraints that refuse some rows. */
    abstract String createOrders();

    /** Statements that let {@code orders} hold every row the constraints refused (but what the database can never hold). */
    abstract List<String> relaxOrders();

    abstract Refusals refusals();

    /** Whether the database refuses text with a NUL character (PostgreSQL does, whatever the column). */
    boolean refusesNul() {
        return this == POSTGRESQL;
    }

    /** Whether the database refuses an infinite double (MariaDB has no infinities). */
    boolean refusesInfinity() {
        return this == MARIADB;
    }

    static void execute(String url, List<String> statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /**
     * What the database's refusal of each kind of bad row says, in its own words: the CHECK's name,
     * the too-narrow text, the too-narrow decimal, the NOT NULL, and the value only this database
     * cannot hold (null when there is none).
     */
    record Refusals(String check, String tooLong, String overflow, String notNull, String special) {
    }
}
