package dev.ferry.connectors.jdbc;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes earlier rows whose key repeats within one batch, keeping the last: an
 * INSERT ... ON CONFLICT statement may not touch the same row twice, and the last change is the
 * one that must survive.
 */
final class LastRecordWins {

    private LastRecordWins() {
    }

    static List<Object[]> dedupe(List<Object[]> rows, int[] keyIndexes) {
        if (rows.size() < 2) {
            return rows;
        }
        Map<Object, Integer> lastIndex = new HashMap<>(rows.size() * 2);
        boolean repeated = false;
        for (int i = 0; i < rows.size(); i++) {
            repeated |= lastIndex.put(key(rows.get(i), keyIndexes), i) != null;
        }
        if (!repeated) {
            return rows;
        }
        List<Object[]> unique = new ArrayList<>(lastIndex.size());
        for (int i = 0; i < rows.size(); i++) {
            if (lastIndex.get(key(rows.get(i), keyIndexes)) == i) {
                unique.add(rows.get(i));
            }
        }
        return unique;
    }

    private static Object key(Object[] row, int[] keyIndexes) {
        if (keyIndexes.length == 1 && !(row[keyIndexes[0]] instanceof byte[])) {
            return asDatabaseCompares(row[keyIndexes[0]]);
        }
        Object[] key = new Object[keyIndexes.length];
        for (int k = 0; k < key.length; k++) {
            key[k] = asDatabaseCompares(row[keyIndexes[k]]);
        }
        return new CompositeKey(key);
    }

    /** Databases compare decimals by value: 1.0 and 1.00 are one key, though not equal in Java. */
    private static Object asDatabaseCompares(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
        }
        return value;
    }

    private record CompositeKey(Object[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof CompositeKey that && Arrays.deepEquals(values, that.values);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(values);
        }
    }
}
