package dev.ferry.cli.sync;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One app's export database, read back with values as Java gives them (true, 1200.5, 8), rows ordered by _id. */
record ExportDatabase(String url, String schema) {

    List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = result.getObject(i);
                    row.add(value == null ? null : value.toString());
                }
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparing(List::getFirst));
        return rows;
    }

    List<String> tables() throws SQLException {
        return rows("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'").stream()
                .map(List::getFirst).toList();
    }

    List<String> columns(String table) throws SQLException {
        return rows("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + schema
                + "' AND table_name = '" + table + "'").stream().map(List::getFirst).toList();
    }
}
