package dev.ferry.connectors.jdbc.postgres;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Fingerprints of the keys already in the staging table, so a key that comes again before the
 * merge can be noticed: INSERT ... ON CONFLICT may not touch one row twice. A fingerprint is 64
 * bits of the key's hash; a false match only costs an early merge. Primitive open addressing,
 * because a boxed set of 100,000 keys would outlive the young generation.
 */
final class StagedKeys {
    private static final long EMPTY = 0;
    private final int[] keyIndexes;
    private long[] slots = new long[1 << 12];
    private int size;

    StagedKeys(int[] keyIndexes) {
        this.keyIndexes = keyIndexes;
    }

    /** Adds the row's key; false when the key (or a key with the same fingerprint) is already staged. */
    boolean add(Object[] row) {
        long fingerprint = fingerprint(row);
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        return insert(slots, fingerprint);
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(slots, EMPTY);
            size = 0;
        }
    }

    private boolean insert(long[] table, long fingerprint) {
        int mask = table.length - 1;
        int at = (int) mix(fingerprint) & mask;
        while (table[at] != EMPTY) {
            if (table[at] == fingerprint) {
                return false;
            }
            at = (at + 1) & mask;
        }
        table[at] = fingerprint;
        size++;
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long fingerprint : old) {
            if (fingerprint != EMPTY) {
                insert(slots, fingerprint);
            }
        }
    }

    private long fingerprint(Object[] row) {
        long hash = 1125899906842597L;
        for (int index : keyIndexes) {
            hash = 31 * hash + valueHash(row[index]);
        }
        long fingerprint = mix(hash);
        return fingerprint == EMPTY ? 1 : fingerprint;
    }

    /** Equal in the database means equal here: 1.0 and 1.00 are one numeric key. */
    private static long valueHash(Object value) {
        return switch (value) {
            case null -> 0;
            case BigDecimal decimal -> decimal.signum() == 0 ? 0 : decimal.stripTrailingZeros().hashCode();
            case byte[] bytes -> Arrays.hashCode(bytes);
            case Long number -> mix(number);
            default -> value.hashCode();
        };
    }

    private static long mix(long value) {
        value ^= value >>> 33;
        value *= 0xff51afd7ed558ccdL;
        value ^= value >>> 33;
        value *= 0xc4ceb9fe1a85ec53L;
        value ^= value >>> 33;
        return value;
    }
}
