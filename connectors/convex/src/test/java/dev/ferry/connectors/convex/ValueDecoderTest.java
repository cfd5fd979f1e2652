package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.testkit.convex.CleanJsonFormat;
import dev.ferry.testkit.convex.ConvexEncodedJsonFormat;
import dev.ferry.testkit.convex.ConvexValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.OffsetDateTime;

import static dev.ferry.testkit.convex.ConvexValue.array;
import static dev.ferry.testkit.convex.ConvexValue.bool;
import static dev.ferry.testkit.convex.ConvexValue.bytes;
import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.int64;
import static dev.ferry.testkit.convex.ConvexValue.nullValue;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both export formats read into column values: the wire text pinned literally, and every type
 * round-tripped through the fake deployment's encoders of each format.
 */
class ValueDecoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ValueDecoder CLEAN = CleanJsonDecoder.INSTANCE;
    private static final ValueDecoder ENCODED = ConvexJsonDecoder.INSTANCE;

    @Test
    void readsTheWireTextOfEachFormat() throws Exception {
        // 42 as 8 little-endian bytes: 2A 00 .. 00
        assertThat(ENCODED.decode(json("{\"$integer\": \"KgAAAAAAAAA=\"}"), col(ColumnType.BIGINT))).isEqualTo(42L);
        assertThat(CLEAN.decode(json("\"42\""), col(ColumnType.BIGINT))).isEqualTo(42L);
        // NaN's canonical bits 0x7FF8000000000000, little-endian
        assertThat((Double) ENCODED.decode(json("{\"$float\": \"AAAAAAAA+H8=\"}"), col(ColumnType.DOUBLE))).isNaN();
        assertThat(CLEAN.decode(json("\"-Infinity\""), col(ColumnType.DOUBLE))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat((byte[]) ENCODED.decode(json("{\"$bytes\": \"AQL/\"}"), col(ColumnType.BINARY))).containsExactly(1, 2, 255);
        assertThat((byte[]) CLEAN.decode(json("\"AQL/\""), col(ColumnType.BINARY))).containsExactly(1, 2, 255);
        assertThat(ENCODED.decode(json("1.5"), col(ColumnType.DOUBLE))).isEqualTo(1.5);
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, 9_007_199_254_740_993L, Long.MAX_VALUE})
    void int64KeepsEveryBitInBothFormats(long value) {
        assertThat(roundTrip(int64(value), ColumnType.BIGINT, ENCODED)).isEqualTo(value);
        assertThat(roundTrip(int64(value), ColumnType.BIGINT, CLEAN)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.0, 1.5, -2.25e-308, Double.MIN_VALUE, Double.MAX_VALUE, 0.1, 1e300,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void float64KeepsItsExactBitsInBothFormats(double value) {
        long bits = Double.doubleToRawLongBits(value);
        assertThat(Double.doubleToRawLongBits((Double) roundTrip(float64(value), ColumnType.DOUBLE, ENCODED))).isEqualTo(bits);
        assertThat(Double.doubleToRawLongBits((Double) roundTrip(float64(value), ColumnType.DOUBLE, CLEAN))).isEqualTo(bits);
    }

    @Test
    void bytesBooleansStringsAndUnicode() {
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        for (ValueDecoder decoder : new ValueDecoder[] {ENCODED, CLEAN}) {
            assertThat((byte[]) roundTrip(bytes(every), ColumnType.BINARY, decoder)).isEqualTo(every);
            assertThat((byte[]) roundTrip(bytes(new byte[0]), ColumnType.BINARY, decoder)).isEmpty();
            assertThat(roundTrip(bool(true), ColumnType.BOOLEAN, decoder)).isEqualTo(true);
            assertThat(roundTrip(bool(false), ColumnType.BOOLEAN, decoder)).isEqualTo(false);
            String unicode = "Zoë · 東京 · \uD83D\uDE80 · \"quoted\" \\ \n tab\t · \u0000";
            assertThat(roundTrip(string(unicode), ColumnType.TEXT, decoder)).isEqualTo(unicode);
            assertThat(roundTrip(string(""), ColumnType.TEXT, decoder)).isEqualTo("");
            assertThat(roundTrip(nullValue(), ColumnType.BIGINT, decoder)).isNull();
            assertThat(decoder.decode(null, col(ColumnType.TEXT))).as("a missing optional field").isNull();
        }
    }

    @Test
    void nestedObjectsAndArraysAreJsonInTheReadFormatKeepingTheirTypes() throws Exception {
        ConvexValue nested = object("n", int64(Long.MAX_VALUE), "f", float64(Double.NaN), "b", bytes(new byte[] {1, 2}),
                "s", string("東京"), "list", array(float64(1.5), bool(true), nullValue(), object("deep", array())));

        String encoded = (String) roundTrip(nested, ColumnType.JSON, ENCODED);

        assertThat(JSON.readTree(encoded)).isEqualTo(JSON.readTree("""
                {"n": {"$integer": "/////////38="}, "f": {"$float": "AAAAAAAA+H8="}, "b": {"$bytes": "AQI="},
                 "s": "東京", "list": [1.5, true, null, {"deep": []}]}"""));
        // the clean format cannot tell these types apart, which is why reads do not use it
        String clean = (String) roundTrip(nested, ColumnType.JSON, CLEAN);
        assertThat(JSON.readTree(clean)).isEqualTo(JSON.readTree("""
                {"n": "9223372036854775807", "f": "NaN", "b": "AQI=", "s": "東京", "list": [1.5, true, null, {"deep": []}]}"""));
    }

    @Test
    void creationTimeFromBothFormats() {
        OffsetDateTime expected = OffsetDateTime.parse("2024-05-01T12:34:56.789125Z");
        double millis = 1714566896789.125;
        assertThat(roundTrip(float64(millis), ColumnType.TIMESTAMP_TZ, ENCODED)).isEqualTo(expected);
        assertThat(roundTrip(float64(millis), ColumnType.TIMESTAMP_TZ, CLEAN)).isEqualTo(expected);
    }

    @Test
    void aValueOfAnotherTypeIsRejectedNamingTheColumnNotChanged() {
        assertThatThrownBy(() -> ENCODED.decode(json("\"42\""), col(ColumnType.BIGINT)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("column c").hasMessageContaining("expected an int64");
        assertThatThrownBy(() -> ENCODED.decode(json("{\"$integer\": \"AAE=\"}"), col(ColumnType.BIGINT)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("8 bytes");
        assertThatThrownBy(() -> CLEAN.decode(json("\"4.5\""), col(ColumnType.BIGINT)))
                .isInstanceOf(RejectedValueException.class);
        assertThatThrownBy(() -> CLEAN.decode(json("\"nan\""), col(ColumnType.DOUBLE)))
                .isInstanceOf(RejectedValueException.class);
        assertThatThrownBy(() -> ENCODED.decode(json("1"), col(ColumnType.TEXT)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("expected a string");
        assertThatThrownBy(() -> ENCODED.decode(json("\"true\""), col(ColumnType.BOOLEAN)))
                .isInstanceOf(RejectedValueException.class);
        assertThatThrownBy(() -> ENCODED.decode(json("{\"$float\": \"AAAAAAAA+H8=\"}"), col(ColumnType.TIMESTAMP_TZ)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("finite");
    }

    private static Object roundTrip(ConvexValue value, ColumnType type, ValueDecoder decoder) {
        JsonNode wire = decoder == ENCODED ? ConvexEncodedJsonFormat.INSTANCE.encode(value) : CleanJsonFormat.INSTANCE.encode(value);
        try {
            // through text, as it comes over the wire
            return decoder.decode(JSON.readTree(JSON.writeValueAsString(wire)), col(type));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Column col(ColumnType type) {
        return Column.of("c", type);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
