package dev.ferry.connectors.jdbc;

import java.sql.SQLException;
import java.util.List;

/**
 * Appends rows to one helper table (such as the keys a writer saw) inside the writer's open
 * transaction, by whatever is fastest on the database. Each call completes before it returns, so
 * other statements may follow on the connection.
 */
public interface RowSink extends AutoCloseable {

    /** Appends the rows, each a value array in the table's column order. */
    void append(List<Object[]> rows) throws SQLException;

    @Override
    void close() throws SQLException;
}
