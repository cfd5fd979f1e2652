package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.RejectedValueException;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Spatial values as they leave MariaDB: extended well-known binary (EWKB), PostGIS's form of OGC
 * WKB. MariaDB sends a geometry in its storage format, a four-byte little-endian SRID followed by
 * the OGC WKB. Plain WKB (what {@code ST_AsBinary} returns) has no SRID, so a point in SRID 4326
 * would arrive indistinguishable from one in 0; EWKB keeps it by a flag in the geometry type and
 * the SRID right after it, and for SRID 0 it is plain WKB byte for byte, so most values stay in
 * the form every spatial library reads. PostGIS reads EWKB natively ({@code ST_GeomFromEWKB}, or a
 * {@code bytea} cast to {@code geometry}).
 */
final class MariaDbGeometry {
    /** MariaDB's spatial column types, as the catalog and the driver's result metadata name them. */
    static final Set<String> TYPES = Set.of("geometry", "point", "linestring", "polygon", "multipoint",
            "multilinestring", "multipolygon", "geometrycollection");
    /** EWKB's flag in the geometry type word: an SRID follows the type. */
    private static final int SRID_FLAG = 0x20000000;
    /** SRID, byte order, geometry type. */
    private static final int HEADER = 4 + 1 + 4;

    private MariaDbGeometry() {
    }

    static boolean isSpatial(String typeName) {
        return TYPES.contains(typeName.toLowerCase(Locale.ROOT));
    }

    /**
     * The EWKB of a geometry in MariaDB's storage format, null for null. It has the same length:
     * the SRID's four bytes move from the front to after the type.
     */
    static byte[] toEwkb(byte[] stored, String column) {
        if (stored == null) {
            return null;
        }
        if (stored.length < HEADER || stored[4] != 0 && stored[4] != 1) {
            throw new RejectedValueException(column, "is not a geometry in MariaDB's storage format (SRID, then WKB): "
                    + RejectedValueException.shorten(stored));
        }
        int srid = readInt(stored, 0, true);
        if (srid == 0) {
            return Arrays.copyOfRange(stored, 4, stored.length);
        }
        boolean littleEndian = stored[4] == 1;
        byte[] ewkb = new byte[stored.length];
        ewkb[0] = stored[4];
        writeInt(ewkb, 1, readInt(stored, 5, littleEndian) | SRID_FLAG, littleEndian);
        writeInt(ewkb, 5, srid, littleEndian);
        System.arraycopy(stored, HEADER, ewkb, HEADER, stored.length - HEADER);
        return ewkb;
    }

    private static int readInt(byte[] bytes, int at, boolean littleEndian) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int shift = littleEndian ? 8 * i : 8 * (3 - i);
            value |= (bytes[at + i] & 0xff) << shift;
        }
        return value;
    }

    private static void writeInt(byte[] bytes, int at, int value, boolean littleEndian) {
        for (int i = 0; i < 4; i++) {
            int shift = littleEndian ? 8 * i : 8 * (3 - i);
            bytes[at + i] = (byte) (value >>> shift);
        }
    }
}
