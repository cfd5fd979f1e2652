package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.StreamSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaColumnsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyConvexTypeBecomesItsColumnAndOptionalFieldsAreNullable() throws Exception {
        StreamSchema schema = SchemaColumns.fromJsonSchema("users", json("""
                {"type": "object", "properties": {
                  "_id": {"type": "string", "$description": "Id(users)"},
                  "_creationTime": {"type": "number"},
                  "name": {"type": "string"},
                  "visits": {"type": "integer"},
                  "big": {"type": "string", "$description": "Int64 encoded as a base-10 string"},
                  "score": {"type": "number"},
                  "active": {"type": "boolean"},
                  "avatar": {"type": "string", "contentEncoding": "base64"},
                  "blob": {"type": "string", "$description": "Bytes encoded as base64"},
                  "address": {"type": "object", "properties": {"city": {"type": "string"}}},
                  "tags": {"type": "array", "items": {"type": "string"}},
                  "nickname": {"type": "string"},
                  "_ts": {"type": "integer"}, "_deleted": {"type": "boolean"}, "_table": {"type": "string"},
                  "_component": {"type": "string"}
                },
                "required": ["_id", "_creationTime", "name", "visits", "big", "score", "active", "avatar", "blob",
                             "address", "tags"]}
                """));

        assertThat(schema.keyColumns()).containsExactly("_id");
        assertThat(schema.columns()).containsExactly(
                new Column("_id", ColumnType.STRING, false, SchemaColumns.ID_LENGTH, 0),
                new Column("_creationTime", ColumnType.TIMESTAMP_TZ, true, 0, 0),
                new Column("name", ColumnType.TEXT, false, 0, 0),
                new Column("visits", ColumnType.BIGINT, false, 0, 0),
                new Column("big", ColumnType.BIGINT, false, 0, 0),
                new Column("score", ColumnType.DOUBLE, false, 0, 0),
                new Column("active", ColumnType.BOOLEAN, false, 0, 0),
                new Column("avatar", ColumnType.BINARY, false, 0, 0),
                new Column("blob", ColumnType.BINARY, false, 0, 0),
                new Column("address", ColumnType.JSON, false, 0, 0),
                new Column("tags", ColumnType.JSON, false, 0, 0),
                new Column("nickname", ColumnType.TEXT, true, 0, 0));
    }

    @Test
    void unionsKeepOneTypeWhenTheyCanAndBecomeJsonWhenTheTypeVaries() {
        assertThat(map("{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"null\"}]}"))
                .isEqualTo(new SchemaColumns.Mapped(ColumnType.TEXT, true));
        assertThat(map("{\"type\": [\"integer\", \"null\"]}")).isEqualTo(new SchemaColumns.Mapped(ColumnType.BIGINT, true));
        assertThat(map("{\"anyOf\": [{\"type\": \"number\"}, {\"type\": \"string\", \"enum\": [\"NaN\", \"Infinity\", \"-Infinity\"]}]}"))
                .as("a float64 whose special values are strings").isEqualTo(new SchemaColumns.Mapped(ColumnType.DOUBLE, false));
        assertThat(map("{\"anyOf\": [{\"type\": \"number\"}, {\"type\": \"object\", \"properties\": {\"$float\": {\"type\": \"string\"}}}]}"))
                .isEqualTo(new SchemaColumns.Mapped(ColumnType.DOUBLE, false));
        assertThat(map("{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}"))
                .isEqualTo(new SchemaColumns.Mapped(ColumnType.JSON, false));
        assertThat(map("{\"oneOf\": [{\"type\": \"number\"}, {\"type\": \"integer\"}, {\"type\": \"null\"}]}"))
                .as("float64 and int64 in one field").isEqualTo(new SchemaColumns.Mapped(ColumnType.JSON, true));
        assertThat(map("{\"anyOf\": [{\"const\": \"a\"}, {\"const\": \"b\"}]}")).isEqualTo(new SchemaColumns.Mapped(ColumnType.TEXT, false));
        assertThat(map("{}")).as("any").isEqualTo(new SchemaColumns.Mapped(ColumnType.JSON, true));
        assertThat(map("{\"type\": \"object\", \"properties\": {\"$integer\": {\"type\": \"string\"}}}"))
                .isEqualTo(new SchemaColumns.Mapped(ColumnType.BIGINT, false));
    }

    @Test
    void aSchemaWithoutPropertiesIsUnknown() throws Exception {
        assertThat(SchemaColumns.isUnknown(json("{}"))).isTrue();
        assertThat(SchemaColumns.isUnknown(json("true"))).isTrue();
        assertThat(SchemaColumns.isUnknown(json("{\"type\": \"object\"}"))).isTrue();
        assertThat(SchemaColumns.isUnknown(json("{\"type\": \"object\", \"properties\": {\"_ts\": {\"type\": \"integer\"}}}"))).isTrue();
        assertThat(SchemaColumns.isUnknown(json("{\"type\": \"object\", \"properties\": {\"_id\": {\"type\": \"string\"}}}"))).isFalse();
    }

    @Test
    void inferenceFromASnapshotPageTakesEachFieldsOneTypeOrJson() throws Exception {
        StreamSchema schema = SnapshotInference.infer("t", json("""
                [{"_id": "a", "_creationTime": 1.0, "_ts": 5, "_table": "t", "n": {"$integer": "AQAAAAAAAAA="}, "s": "x",
                  "mixed": "x", "late": null, "f": 1.5, "raw": {"$bytes": "AQ=="}},
                 {"_id": "b", "_creationTime": 2.0, "n": {"$integer": "AgAAAAAAAAA="}, "mixed": 1.5, "late": true,
                  "f": {"$float": "AAAAAAAA+H8="}, "obj": {"a": [1]}, "nothing": null}]
                """));

        assertThat(schema.columns()).extracting(Column::name, Column::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("_id", ColumnType.STRING),
                org.assertj.core.groups.Tuple.tuple("_creationTime", ColumnType.TIMESTAMP_TZ),
                org.assertj.core.groups.Tuple.tuple("n", ColumnType.BIGINT),
                org.assertj.core.groups.Tuple.tuple("s", ColumnType.TEXT),
                org.assertj.core.groups.Tuple.tuple("mixed", ColumnType.JSON),
                org.assertj.core.groups.Tuple.tuple("late", ColumnType.BOOLEAN),
                org.assertj.core.groups.Tuple.tuple("f", ColumnType.DOUBLE),
                org.assertj.core.groups.Tuple.tuple("raw", ColumnType.BINARY),
                org.assertj.core.groups.Tuple.tuple("obj", ColumnType.JSON),
                org.assertj.core.groups.Tuple.tuple("nothing", ColumnType.JSON));
        assertThat(schema.columns().subList(2, schema.columns().size())).allMatch(Column::nullable);
        assertThat(SnapshotInference.infer("empty", json("[]")).columnNames()).isEqualTo(List.of("_id", "_creationTime"));
    }

    private static SchemaColumns.Mapped map(String schema) {
        try {
            return SchemaColumns.map(json(schema));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
