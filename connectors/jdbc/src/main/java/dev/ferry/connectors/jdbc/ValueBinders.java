package dev.ferry.connectors.jdbc;

import dev.ferry.api.Column;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** Binding of record values to statement parameters for drivers that implement JDBC 4.2. */
public final class ValueBinders {

    private ValueBinders() {
    }

    /** Binds {@code value} (null or of {@code column}'s Java type) as parameter {@code index}. */
    public static void bind(Dialect dialect, PreparedStatement statement, int index, Column column, Object value)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else {
            dialect.bind(statement, index, column, value);
        }
    }

    /** The standard binding of a non-null value. */
    public static void bindStandard(PreparedStatement statement, int index, Column column, Object value)
            throws SQLException {
        switch (column.type()) {
            case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
            case SMALLINT -> statement.setShort(index, (Short) value);
            case INTEGER -> statement.setInt(index, (Integer) value);
            case BIGINT -> statement.setLong(index, (Long) value);
            case FLOAT -> statement.setFloat(index, (Float) value);
            case DOUBLE -> statement.setDouble(index, (Double) value);
            case DECIMAL -> statement.setBigDecimal(index, (BigDecimal) value);
            case STRING, TEXT -> statement.setString(index, (String) value);
            case BINARY -> statement.setBytes(index, (byte[]) value);
            default -> statement.setObject(index, value);
        }
    }
}
