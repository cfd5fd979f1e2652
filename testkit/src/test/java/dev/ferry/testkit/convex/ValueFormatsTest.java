package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

import static dev.ferry.testkit.convex.ConvexValue.array;
import static dev.ferry.testkit.convex.ConvexValue.bool;
import static dev.ferry.testkit.convex.ConvexValue.bytes;
import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.int64;
import static dev.ferry.testkit.convex.ConvexValue.nullValue;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;
import static org.assertj.core.api.Assertions.assertThat;

/** Every value type in both export formats, read back through list_snapshot. */
class ValueFormatsTest {

    private static final byte[] BYTES = {0, 1, (byte) 0xff, 0x7f, (byte) 0x80};
    private static final ConvexValue.Obj DOCUMENT = object(
            "maxInt", int64(Long.MAX_VALUE),
            "minInt", int64(Long.MIN_VALUE),
            "zeroInt", int64(0),
            "pi", float64(3.25),
            "nan", float64(Double.NaN),
            "posInf", float64(Double.POSITIVE_INFINITY),
            "negInf", float64(Double.NEGATIVE_INFINITY),
            "negZero", float64(-0.0),
            "yes", bool(true),
            "nothing", nullValue(),
            "text", string("ñandú 🚢 \"quoted\" \u0000 end"),
            "raw", bytes(BYTES),
            "list", array(int64(1), string("two"), array(float64(3.5))),
            "nested", object("inner", object("deep", int64(-7)), "flag", bool(false)));

    private static FakeConvex convex;
    private static JsonNode cleanJson;
    private static JsonNode encodedJson;

    @BeforeAll
    static void start() {
        convex = FakeConvex.start();
        convex.insert("values", DOCUMENT);
        ConvexHttp http = new ConvexHttp(convex.url(), convex.deployKey());
        cleanJson = http.get("/api/list_snapshot?tableName=values&format=json").body().path("values").get(0);
        encodedJson = http.get("/api/list_snapshot?tableName=values&format=convex_encoded_json").body().path("values").get(0);
    }

    @AfterAll
    static void stop() {
        convex.close();
    }

    @Test
    void cleanJsonWritesInt64AsDecimalStringsBytesAsBase64AndSpecialFloatsAsStrings() {
        assertThat(cleanJson.get("maxInt").textValue()).isEqualTo("9223372036854775807");
        assertThat(cleanJson.get("minInt").textValue()).isEqualTo("-9223372036854775808");
        assertThat(cleanJson.get("zeroInt").textValue()).isEqualTo("0");
        assertThat(cleanJson.get("pi").doubleValue()).isEqualTo(3.25);
        assertThat(cleanJson.get("nan").textValue()).isEqualTo("NaN");
        assertThat(cleanJson.get("posInf").textValue()).isEqualTo("Infinity");
        assertThat(cleanJson.get("negInf").textValue()).isEqualTo("-Infinity");
        assertThat(Double.doubleToRawLongBits(cleanJson.get("negZero").doubleValue()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(cleanJson.get("yes").booleanValue()).isTrue();
        assertThat(cleanJson.get("nothing").isNull()).isTrue();
        assertThat(cleanJson.get("text").textValue()).isEqualTo("ñandú 🚢 \"quoted\" \u0000 end");
        assertThat(Base64.getDecoder().decode(cleanJson.get("raw").textValue())).isEqualTo(BYTES);
        assertThat(cleanJson.get("list").toString()).isEqualTo("[\"1\",\"two\",[3.5]]");
        assertThat(cleanJson.get("nested").toString()).isEqualTo("{\"inner\":{\"deep\":\"-7\"},\"flag\":false}");
    }

    @Test
    void encodedJsonTagsInt64BytesAndSpecialFloatsWithLittleEndianBase64() {
        assertThat(cleanLong(encodedJson.get("maxInt").get("$integer"))).isEqualTo(Long.MAX_VALUE);
        assertThat(encodedJson.get("maxInt").get("$integer").textValue()).isEqualTo("/////////38=");
        assertThat(cleanLong(encodedJson.get("minInt").get("$integer"))).isEqualTo(Long.MIN_VALUE);
        assertThat(encodedJson.get("minInt").get("$integer").textValue()).isEqualTo("AAAAAAAAAIA=");
        assertThat(encodedJson.get("pi").doubleValue()).isEqualTo(3.25);
        assertThat(Double.longBitsToDouble(cleanLong(encodedJson.get("nan").get("$float")))).isNaN();
        assertThat(Double.longBitsToDouble(cleanLong(encodedJson.get("posInf").get("$float")))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Double.longBitsToDouble(cleanLong(encodedJson.get("negInf").get("$float")))).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(encodedJson.get("negZero").get("$float").textValue()).isEqualTo("AAAAAAAAAIA=");
        assertThat(Base64.getDecoder().decode(encodedJson.get("raw").get("$bytes").textValue())).isEqualTo(BYTES);
        assertThat(encodedJson.get("text").textValue()).isEqualTo("ñandú 🚢 \"quoted\" \u0000 end");
        assertThat(encodedJson.get("nested").get("inner").get("deep").has("$integer")).isTrue();
    }

    @Test
    void encodedJsonDecodesBackToTheSameConvexValues() {
        ConvexValue.Obj decoded = (ConvexValue.Obj) ConvexEncodedJsonFormat.INSTANCE.decode(encodedJson);
        assertThat(decoded.fields()).containsAllEntriesOf(DOCUMENT.fields());
        assertThat(decoded.get("_id")).isEqualTo(string(convex.documents("values").getFirst().id()));
    }

    @Test
    void theConvexJsonAliasIsTheEncodedFormat() {
        ConvexHttp http = new ConvexHttp(convex.url(), convex.deployKey());
        JsonNode alias = http.get("/api/list_snapshot?tableName=values&format=convex_json").body().path("values").get(0);
        assertThat(alias).isEqualTo(encodedJson);
    }

    @Test
    void exportedDocumentsCarrySystemFields() {
        StoredDocument stored = convex.documents("values").getFirst();
        for (JsonNode document : new JsonNode[] {cleanJson, encodedJson}) {
            assertThat(document.get("_id").textValue()).isEqualTo(stored.id());
            assertThat(document.get("_creationTime").doubleValue()).isEqualTo(stored.creationTime());
            assertThat(document.get("_table").textValue()).isEqualTo("values");
            assertThat(document.get("_ts").longValue()).isEqualTo(stored.ts());
            assertThat(document.get("_component").textValue()).isEmpty();
        }
    }

    @Test
    void anUnknownFormatIsRefused() {
        ConvexHttp.Response response = new ConvexHttp(convex.url(), convex.deployKey()).get("/api/list_snapshot?format=xml");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("InvalidFormat");
    }

    private static long cleanLong(JsonNode base64) {
        return ByteBuffer.wrap(Base64.getDecoder().decode(base64.textValue())).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
