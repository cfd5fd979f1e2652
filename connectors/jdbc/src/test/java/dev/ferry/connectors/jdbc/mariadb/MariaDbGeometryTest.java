package dev.ferry.connectors.jdbc.mariadb;

import dev.ferry.api.RejectedValueException;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MariaDB's storage form of a geometry (SRID, then WKB) as EWKB. */
class MariaDbGeometryTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** PostGIS's own example: {@code ST_AsEWKB('SRID=4326;POINT(-71.064544 42.28787)')}. */
    @Test
    void aNonZeroSridMovesBehindTheFlaggedType() {
        byte[] stored = HEX.parseHex("E6100000" + "0101000000CB49287D21C451C0F0BF95ECD8244540");

        assertThat(HEX.formatHex(MariaDbGeometry.toEwkb(stored, "g")))
                .isEqualTo("0101000020E6100000CB49287D21C451C0F0BF95ECD8244540");
    }

    @Test
    void sridZeroIsPlainWkb() {
        byte[] stored = HEX.parseHex("00000000" + "0101000000000000000000F03F0000000000000040");

        assertThat(HEX.formatHex(MariaDbGeometry.toEwkb(stored, "g"))).isEqualTo("0101000000000000000000F03F0000000000000040");
    }

    /** WKB may be big-endian (byte order 0); the SRID and type follow the geometry's own byte order. */
    @Test
    void aBigEndianGeometryKeepsItsByteOrder() {
        byte[] stored = HEX.parseHex("E6100000" + "00000000013FF00000000000004000000000000000");

        assertThat(HEX.formatHex(MariaDbGeometry.toEwkb(stored, "g")))
                .isEqualTo("0020000001000010E63FF00000000000004000000000000000");
    }

    @Test
    void bytesThatAreNoStoredGeometryAreRejectedWithTheColumn() {
        assertThat(MariaDbGeometry.toEwkb(null, "g")).isNull();
        for (String bad : new String[] {"", "E610000001", "E61000000701000000"}) {
            assertThatThrownBy(() -> MariaDbGeometry.toEwkb(HEX.parseHex(bad), "shape"))
                    .isInstanceOf(RejectedValueException.class).hasMessageStartingWith("column shape: is not a geometry");
        }
    }

    @Test
    void knowsEverySpatialTypeName() {
        for (String type : new String[] {"GEOMETRY", "point", "LineString", "POLYGON", "MULTIPOINT", "MULTILINESTRING",
                "MULTIPOLYGON", "GEOMETRYCOLLECTION"}) {
            assertThat(MariaDbGeometry.isSpatial(type)).as(type).isTrue();
        }
        assertThat(MariaDbGeometry.isSpatial("BLOB")).isFalse();
    }
}
