package dev.ferry.connectors.jdbc.sqlserver;

import com.microsoft.sqlserver.jdbc.ISQLServerBulkData;
import dev.ferry.api.RejectedValueException;
import dev.ferry.connectors.jdbc.RowLocator;

import java.io.Serial;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One batch of rows as the driver's bulk copy reads them: column metadata from the
 * {@link BulkColumn}s, then each row's values encoded on the way out. Nothing is copied up front,
 * so a batch costs no more memory than the rows already hold.
 *
 * <p>Read once, by the thread running the bulk copy. The driver's interface is Serializable; a
 * batch is never serialized, so its rows are transient.
 */
final class BulkRows implements ISQLServerBulkData {
    @Serial
    private static final long serialVersionUID = 1L;
    private final transient List<BulkColumn> columns;
    private final transient List<Object[]> rows;
    private final transient RowLocator locator;
    private final Set<Integer> ordinals;
    private int position = -1;

    /** @param locator names the row of a value refused while it is encoded */
    BulkRows(List<BulkColumn> columns, List<Object[]> rows, RowLocator locator) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.locator = locator;
        Set<Integer> numbers = new LinkedHashSet<>();
        for (int i = 1; i <= columns.size(); i++) {
            numbers.add(i);
        }
        this.ordinals = Collections.unmodifiableSet(numbers);
    }

    @Override
    public Set<Integer> getColumnOrdinals() {
        return ordinals;
    }

    @Override
    public String getColumnName(int column) {
        return columns.get(column - 1).name();
    }

    @Override
    public int getColumnType(int column) {
        return columns.get(column - 1).jdbcType();
    }

    @Override
    public int getPrecision(int column) {
        return columns.get(column - 1).precision();
    }

    /** Decimals travel as text, so no column has a scale of its own. */
    @Override
    public int getScale(int column) {
        return 0;
    }

    @Override
    public boolean next() {
        if (position + 1 >= rows.size()) {
            position = rows.size();
            return false;
        }
        position++;
        return true;
    }

    @Override
    public Object[] getRowData() {
        Object[] row = rows.get(position);
        Object[] encoded = new Object[columns.size()];
        try {
            for (int i = 0; i < encoded.length; i++) {
                encoded[i] = columns.get(i).encode(row[i]);
            }
        } catch (RejectedValueException e) {
            throw locator.at(e, row);
        }
        return encoded;
    }
}
