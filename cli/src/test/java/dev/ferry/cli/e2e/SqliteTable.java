package dev.ferry.cli.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A table of a SQLite file as SQLite itself describes it, read without Ferry so the test's
 * expectations do not come from the code under test.
 *
 * @param name    the table's name as declared
 * @param columns its columns in declared order
 * @param key     its primary key's columns in key order
 * @param rows    how many rows it holds
 */
record SqliteTable(String name, List<String> columns, List<String> key, long rows) {

    /** Every table of the file but SQLite's own, by name. */
    static List<SqliteTable> readAll(Path file) throws SQLException {
        List<SqliteTable> tables = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            List<String> names = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table'"
                         + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
                while (result.next()) {
                    names.add(result.getString(1));
                }
            }
            for (String name : names) {
                tables.add(read(connection, name));
            }
        }
        return tables;
    }

    private static SqliteTable read(Connection connection, String name) throws SQLException {
        List<String> columns = new ArrayList<>();
        Map<Integer, String> key = new TreeMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid")) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    columns.add(result.getString(1));
                    if (result.getInt(2) > 0) {
                        key.put(result.getInt(2), result.getString(1));
                    }
                }
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM \"" + name.replace("\"", "\"\"") + "\"")) {
            result.next();
            return new SqliteTable(name, List.copyOf(columns), List.copyOf(key.values()), result.getLong(1));
        }
    }
}
