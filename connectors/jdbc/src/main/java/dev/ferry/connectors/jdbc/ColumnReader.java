package dev.ferry.connectors.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads one column of the current row as the exact Java class of its
 * {@link dev.ferry.api.ColumnType}, or null. Called on the reader thread for every row, so
 * implementations avoid needless allocation.
 */
@FunctionalInterface
public interface ColumnReader {
    Object read(ResultSet row, int index) throws SQLException;
}
