package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.FerryException;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.testkit.convex.CleanJsonFormat;
import dev.ferry.testkit.convex.ConvexEncodedJsonFormat;
import dev.ferry.testkit.convex.ConvexValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

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
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Flattening nested objects into {@code parent_child} columns: the schema it gives, and the values, in both formats. */
class DocumentColumnsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A table with an object of every kind: required, optional, nullable, a union of objects, a record, any. */
    private static final String TABLE = """
            {"type": "object", "properties": {
              "_id": {"type": "string"}, "_creationTime": {"type": "number"},
              "name": {"type": "string"},
              "address": {"type": "object", "properties": {
                  "city": {"type": "string"}, "zip": {"type": "integer"}, "geo": {"type": "object", "properties": {
                      "lat": {"type": "number"}}}, "lines": {"type": "array", "items": {"type": "string"}},
                  "photo": {"type": "string", "contentEncoding": "base64"}},
                "required": ["city", "zip", "geo", "lines", "photo"], "additionalProperties": false},
              "billing": {"type": "object", "properties": {"vat": {"type": "string"}}, "required": ["vat"]},
              "contact": {"anyOf": [{"type": "object", "properties": {"email": {"type": "string"}}, "required": ["email"]},
                                    {"type": "null"}]},
              "author": {"anyOf": [
                  {"type": "object", "properties": {"role": {"type": "string"}, "model": {"type": "string"}},
                   "required": ["role", "model"]},
                  {"type": "object", "properties": {"role": {"type": "string"}, "user": {"type": "integer"}},
                   "required": ["role", "user"]}]},
              "tagged": {"anyOf": [{"type": "object", "properties": {"x": {"type": "boolean"}}, "required": ["x"]},
                                   {"type": "string"}]},
              "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
              "extra": {},
              "empty": {"type": "object", "properties": {}},
              "maybe": {"anyOf": [{"type": "object", "properties": {"a": {"type": "string"}}}, {}]},
              "_ts": {"type": "integer"}
            },
            "required": ["_id", "_creationTime", "name", "address", "contact", "author", "tagged", "counts", "extra",
                         "empty", "maybe"]}
            """;

    @Test
    void eachObjectOfKnownPropertiesBecomesAColumnPerPropertyInItsPlace() throws Exception {
        StreamSchema schema = flatten(TABLE).schema();

        assertThat(schema.columnNames()).containsExactly("_id", "_creationTime", "name",
                "address_city", "address_zip", "address_geo", "address_lines", "address_photo",
                "billing_vat", "contact_email", "author_role", "author_model", "author_user", "tagged_x",
                "counts", "extra", "empty", "maybe");
        assertThat(schema.keyColumns()).containsExactly("_id");
        // typed as each property would be at the top: one level only, so objects and arrays inside stay JSON
        assertThat(type(schema, "address_city")).isEqualTo(ColumnType.TEXT);
        assertThat(type(schema, "address_zip")).isEqualTo(ColumnType.BIGINT);
        assertThat(type(schema, "address_geo")).isEqualTo(ColumnType.JSON);
        assertThat(type(schema, "address_lines")).isEqualTo(ColumnType.JSON);
        assertThat(type(schema, "address_photo")).isEqualTo(ColumnType.BINARY);
        assertThat(type(schema, "author_user")).isEqualTo(ColumnType.BIGINT);
        assertThat(type(schema, "tagged_x")).isEqualTo(ColumnType.BOOLEAN);
        // properties unknown: a record, any, no properties, a union with any
        assertThat(type(schema, "counts")).isEqualTo(ColumnType.JSON);
        assertThat(type(schema, "extra")).isEqualTo(ColumnType.JSON);
        assertThat(type(schema, "empty")).isEqualTo(ColumnType.JSON);
        assertThat(type(schema, "maybe")).isEqualTo(ColumnType.JSON);
    }

    @Test
    void aPropertyIsNullableWhenItsFieldOrItMayBeMissingOrNull() throws Exception {
        StreamSchema schema = flatten(TABLE).schema();

        assertThat(schema.column("address_city").nullable()).as("required in a required field").isFalse();
        assertThat(schema.column("billing_vat").nullable()).as("its field is optional").isTrue();
        assertThat(schema.column("contact_email").nullable()).as("its field may be null").isTrue();
        assertThat(schema.column("author_role").nullable()).as("in every object of the union").isFalse();
        assertThat(schema.column("author_model").nullable()).as("in one object of the union only").isTrue();
        assertThat(schema.column("author_user").nullable()).isTrue();
    }

    @Test
    void withoutFlattenOrWithoutASchemaEveryFieldIsItsOwnColumn() throws Exception {
        StreamSchema plain = SchemaColumns.fromJsonSchema("t", json(TABLE));
        assertThat(DocumentColumns.asIs(plain).schema()).isEqualTo(plain);
        assertThat(DocumentColumns.flattened(plain, json("{}"), "here").schema()).isEqualTo(plain);
        assertThat(plain.column("address").type()).isEqualTo(ColumnType.JSON);
    }

    @Test
    void aGeneratedNameThatAnotherColumnHasFailsNamingBothFields() throws Exception {
        String table = """
                {"type": "object", "properties": {"_id": {"type": "string"}, "_creationTime": {"type": "number"},
                  "a": {"type": "object", "properties": {"b_c": {"type": "string"}}},
                  "a_b": {"type": "object", "properties": {"c": {"type": "string"}}}}}
                """;
        assertThatThrownBy(() -> flatten(table)).isInstanceOf(FerryException.class)
                .hasMessage("Stream s (Convex table t): flatten: true would give two columns named a_b_c, property b_c of "
                        + "field a and property c of field a_b; rename one of these fields in Convex, or read the table "
                        + "without flatten");
        String withField = """
                {"type": "object", "properties": {"_id": {"type": "string"}, "_creationTime": {"type": "number"},
                  "a": {"type": "object", "properties": {"b": {"type": "string"}}}, "a_b": {"type": "string"}}}
                """;
        assertThatThrownBy(() -> flatten(withField)).hasMessageContaining("two columns named a_b, property b of field a "
                + "and field a_b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "convex_encoded_json"})
    void valuesComeFromTheObjectsPropertiesInEitherFormat(String format) throws Exception {
        DocumentColumns columns = flatten(TABLE);
        ConvexValue.Obj document = object("_id", string("k1"), "_creationTime", float64(1.7e12), "name", string("Ana"),
                "address", object("city", string("Porto"), "zip", int64(Long.MAX_VALUE),
                        "geo", object("lat", float64(41.1)), "lines", array(string("Rua 1")), "photo", bytes(new byte[] {1, 2})),
                "contact", nullValue(),
                "author", object("role", string("user"), "user", int64(7)),
                "tagged", object("x", bool(true)),
                "counts", object("a", int64(1)), "extra", string("any"), "empty", object(), "maybe", object("a", string("z")));

        Object[] row = columns.values(wire(document, format), columns.schema().columns(), decoder(format));

        StreamSchema schema = columns.schema();
        assertThat(row[schema.indexOf("name")]).isEqualTo("Ana");
        assertThat(row[schema.indexOf("address_city")]).isEqualTo("Porto");
        assertThat(row[schema.indexOf("address_zip")]).isEqualTo(Long.MAX_VALUE);
        assertThat((byte[]) row[schema.indexOf("address_photo")]).containsExactly(1, 2);
        assertThat(row[schema.indexOf("address_geo")]).isEqualTo("{\"lat\":41.1}");
        assertThat(row[schema.indexOf("address_lines")]).isEqualTo("[\"Rua 1\"]");
        assertThat(row[schema.indexOf("billing_vat")]).as("field absent").isNull();
        assertThat(row[schema.indexOf("contact_email")]).as("field null").isNull();
        assertThat(row[schema.indexOf("author_role")]).isEqualTo("user");
        assertThat(row[schema.indexOf("author_model")]).as("property absent").isNull();
        assertThat(row[schema.indexOf("author_user")]).isEqualTo(7L);
        assertThat(row[schema.indexOf("tagged_x")]).isEqualTo(true);
        assertThat(row[schema.indexOf("counts")]).isEqualTo(format.equals("json") ? "{\"a\":\"1\"}"
                : "{\"a\":{\"$integer\":\"AQAAAAAAAAA=\"}}");
        assertThat(row[schema.indexOf("maybe")]).isEqualTo("{\"a\":\"z\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "convex_encoded_json"})
    void aSelectionOfFlattenedColumnsReadsOnlyThose(String format) throws Exception {
        DocumentColumns columns = flatten(TABLE);
        List<Column> selected = List.of(columns.schema().column("_id"), columns.schema().column("address_zip"));
        ConvexValue.Obj document = object("_id", string("k1"), "name", string("Ana"),
                "address", object("city", string("Porto"), "zip", int64(-5)));

        assertThat(columns.values(wire(document, format), selected, decoder(format))).containsExactly("k1", -5L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "convex_encoded_json"})
    void aFieldHoldingSomethingElseThanAnObjectFailsTheRowNamingIt(String format) throws Exception {
        DocumentColumns columns = flatten(TABLE);
        ConvexValue.Obj document = object("_id", string("k1"), "tagged", string("plain text"));

        RejectedValueException rejected = catchThrowableOfType(RejectedValueException.class,
                () -> columns.values(wire(document, format), columns.schema().columns(), decoder(format)));

        assertThat(rejected.column()).isEqualTo("tagged");
        assertThat(rejected.reason()).isEqualTo("flatten: true reads this field's properties into columns tagged_*, and "
                + "it holds no object but \"plain text\"");
        assertThat(rejected.locatedAt("t", "_id=k1").getMessage()).startsWith("table t, column tagged, row _id=k1: ");
        // an int64 where an object was expected: in the encoded format it is a tagged object, still no object
        assertThatThrownBy(() -> columns.values(wire(object("_id", string("k1"), "tagged", int64(3)), format),
                columns.schema().columns(), decoder(format))).isInstanceOf(RejectedValueException.class)
                .hasMessageContaining("holds no object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "convex_encoded_json"})
    void aPropertyTheSchemaDidNotListFailsTheRowNamingIt(String format) throws Exception {
        DocumentColumns columns = flatten(TABLE);
        ConvexValue.Obj document = object("_id", string("k1"), "billing", object("vat", string("PT1"), "iban", string("PT50")));

        assertThatThrownBy(() -> columns.values(wire(document, format), columns.schema().columns(), decoder(format)))
                .isInstanceOf(RejectedValueException.class)
                .hasMessage("column billing: property iban is not among those the table's schema listed when the read "
                        + "started ([vat]), so it has no column billing_iban; run again so that the schema is read anew");
    }

    @Test
    void anEncodedScalarsTaggedObjectIsNeverFlattened() throws Exception {
        DocumentColumns columns = flatten("""
                {"type": "object", "properties": {"_id": {"type": "string"}, "_creationTime": {"type": "number"},
                  "big": {"type": "object", "properties": {"$integer": {"type": "string"}}}}}
                """);
        assertThat(columns.schema().columnNames()).containsExactly("_id", "_creationTime", "big");
        assertThat(type(columns.schema(), "big")).isEqualTo(ColumnType.BIGINT);
    }

    private static DocumentColumns flatten(String table) throws Exception {
        JsonNode schema = json(table);
        return DocumentColumns.flattened(SchemaColumns.fromJsonSchema("t", schema), schema, "Stream s (Convex table t)");
    }

    private static ColumnType type(StreamSchema schema, String column) {
        return schema.column(column).type();
    }

    private static ValueDecoder decoder(String format) {
        return format.equals("json") ? CleanJsonDecoder.INSTANCE : ConvexJsonDecoder.INSTANCE;
    }

    /** The document as the export writes it in {@code format}, through text as it comes over the wire. */
    private static JsonNode wire(ConvexValue document, String format) throws Exception {
        JsonNode encoded = format.equals("json") ? CleanJsonFormat.INSTANCE.encode(document)
                : ConvexEncodedJsonFormat.INSTANCE.encode(document);
        return JSON.readTree(JSON.writeValueAsString(encoded));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
