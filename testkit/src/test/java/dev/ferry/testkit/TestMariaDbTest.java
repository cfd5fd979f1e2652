package dev.ferry.testkit;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs against whichever server the environment gives: the named one or the embedded one. */
class TestMariaDbTest {

    @Test
    void usesTheNamedServerOrElseAnEmbeddedOne() {
        String named = System.getenv(TestMariaDb.URL_VARIABLE);
        boolean expectEmbedded = named == null || named.isBlank();
        assertThat(TestMariaDb.isEmbedded()).isEqualTo(expectEmbedded);
        if (!expectEmbedded) {
            assertThat(TestMariaDb.adminUrl()).isEqualTo(named);
        }
    }

    @Test
    void freshDatabaseIsEmptyAndDefaultsToUtf8mb4Binary() throws SQLException {
        String url = TestMariaDb.freshDatabase("empty");
        try (Connection connection = DriverManager.getConnection(url)) {
            String name = single(connection, "SELECT DATABASE()");
            assertThat(name).startsWith("empty_");
            assertThat(single(connection, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()"))
                    .isEqualTo("0");
            assertThat(single(connection, "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()"))
                    .isEqualTo("0");
            assertThat(single(connection, "SELECT CONCAT(DEFAULT_CHARACTER_SET_NAME, '/', DEFAULT_COLLATION_NAME)"
                    + " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()"))
                    .isEqualTo("utf8mb4/utf8mb4_bin");
        }
    }

    @Test
    void freshDatabasesAreDistinct() throws SQLException {
        String first = TestMariaDb.freshDatabase("distinct");
        String second = TestMariaDb.freshDatabase("distinct");
        assertThat(first).isNotEqualTo(second);
        try (Connection one = DriverManager.getConnection(first);
             Connection two = DriverManager.getConnection(second);
             Statement statement = one.createStatement()) {
            assertThat(single(one, "SELECT DATABASE()")).isNotEqualTo(single(two, "SELECT DATABASE()"));
            statement.execute("CREATE TABLE only_in_first (id INT PRIMARY KEY)");
            assertThat(single(one, "SELECT COUNT(*) FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'only_in_first'")).isEqualTo("1");
            assertThat(single(two, "SELECT COUNT(*) FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'only_in_first'")).isEqualTo("0");
        }
    }

    @Test
    void storesFourByteTextExactlyAndKeepsKeysThatDifferOnlyInEmojiOrCaseApart() throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("😀", "grinning");
        rows.put("😁", "beaming");
        rows.put("ferry", "lowercase");
        rows.put("FERRY", "uppercase");
        rows.put("crème", "Ferry ⛴ 🚢 naïve 日本語 𝄞 \uD83D\uDC69\u200D\uD83D\uDCBB");
        try (Connection connection = DriverManager.getConnection(TestMariaDb.freshDatabase("text"))) {
            try (Statement statement = connection.createStatement()) {
                // No character set here: the table must take the database's.
                statement.execute("CREATE TABLE notes (k VARCHAR(20) PRIMARY KEY, v TEXT NOT NULL)");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO notes (k, v) VALUES (?, ?)")) {
                for (Map.Entry<String, String> row : rows.entrySet()) {
                    insert.setString(1, row.getKey());
                    insert.setString(2, row.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            Map<String, String> read = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT k, v FROM notes ORDER BY k")) {
                while (result.next()) {
                    read.put(result.getString(1), result.getString(2));
                }
            }
            assertThat(read).containsExactlyInAnyOrderEntriesOf(rows);
            try (PreparedStatement select = connection.prepareStatement("SELECT v FROM notes WHERE k = ?")) {
                select.setString(1, "😁");
                try (ResultSet result = select.executeQuery()) {
                    assertThat(result.next()).isTrue();
                    assertThat(result.getString(1)).isEqualTo("beaming");
                    assertThat(result.next()).isFalse();
                }
            }
            assertThat(single(connection, "SELECT CHAR_LENGTH(v) FROM notes WHERE k = 'crème'"))
                    .isEqualTo(String.valueOf(rows.get("crème").codePointCount(0, rows.get("crème").length())));
        }
    }

    @Test
    void freshUrlKeepsTheAdminUrlsParameters() {
        String admin = TestMariaDb.adminUrl();
        String fresh = TestMariaDb.freshDatabase("params");
        String adminParams = admin.contains("?") ? admin.substring(admin.indexOf('?')) : "";
        assertThat(fresh).startsWith("jdbc:mariadb://").endsWith(adminParams).contains("/params_");
    }

    @Test
    void withDatabaseReplacesOrAddsTheDatabaseAndKeepsParameters() {
        assertThat(TestMariaDb.withDatabase("jdbc:mariadb://127.0.0.1:3306/test?user=root&useSsl=false", "db1"))
                .isEqualTo("jdbc:mariadb://127.0.0.1:3306/db1?user=root&useSsl=false");
        assertThat(TestMariaDb.withDatabase("jdbc:mariadb://127.0.0.1:3306/?user=root", "db1"))
                .isEqualTo("jdbc:mariadb://127.0.0.1:3306/db1?user=root");
        assertThat(TestMariaDb.withDatabase("jdbc:mariadb://127.0.0.1:3306?user=root", "db1"))
                .isEqualTo("jdbc:mariadb://127.0.0.1:3306/db1?user=root");
        assertThat(TestMariaDb.withDatabase("jdbc:mariadb://localhost/test", "db1"))
                .isEqualTo("jdbc:mariadb://localhost/db1");
    }

    @Test
    void rejectsPrefixesThatCannotNameADatabase() {
        assertThatThrownBy(() -> TestMariaDb.freshDatabase("drop`me"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drop`me");
        assertThatThrownBy(() -> TestMariaDb.freshDatabase("x".repeat(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64");
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as("a row from %s", sql).isTrue();
            String value = result.getString(1);
            assertThat(result.next()).as("only one row from %s", sql).isFalse();
            return value;
        }
    }
}
