package dev.ferry.engine.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.Checkpoint;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * Stores checkpoints as small JSON documents. Cursor values are written as text in a form that
 * reads back to an equal value of the same class (a decimal keeps its scale, a timestamp its
 * nanoseconds and offset), because a cursor that drifts by one unit skips or repeats rows.
 */
final class CheckpointCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointCodec() {
    }

    static String encode(Checkpoint checkpoint) {
        ObjectNode node = JSON.createObjectNode();
        switch (checkpoint) {
            case Checkpoint.CursorValue cursor -> {
                node.put("kind", "cursor");
                node.put("column", cursor.column());
                node.put("type", cursor.type().name());
                node.put("value", valueText(cursor.type(), cursor.value()));
            }
            case Checkpoint.LogPosition log -> {
                node.put("kind", "log");
                node.put("position", log.position());
            }
        }
        return node.toString();
    }

    static Checkpoint decode(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return switch (node.path("kind").asText()) {
                case "cursor" -> {
                    ColumnType type = ColumnType.valueOf(node.get("type").asText());
                    yield new Checkpoint.CursorValue(node.get("column").asText(), type,
                            parseValue(type, node.get("value").asText()));
                }
                case "log" -> new Checkpoint.LogPosition(node.get("position").asText());
                default -> throw new IllegalStateException("unknown checkpoint kind in " + text);
            };
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("Stored checkpoint cannot be read: " + text
                    + ". Run the stream with --full-refresh to start it over.", e);
        }
    }

    static String valueText(ColumnType type, Object value) {
        return switch (type) {
            case BINARY -> Base64.getEncoder().encodeToString((byte[]) value);
            // NaN, Infinity and -Infinity as PostgreSQL spells them; BigDecimal's text never looks like those
            case DECIMAL -> value instanceof NonFiniteDecimal special ? special.text() : ((BigDecimal) value).toString();
            default -> value.toString();
        };
    }

    static Object parseValue(ColumnType type, String text) {
        return switch (type) {
            case BOOLEAN -> Boolean.parseBoolean(text);
            case SMALLINT -> Short.parseShort(text);
            case INTEGER -> Integer.parseInt(text);
            case BIGINT -> Long.parseLong(text);
            case DECIMAL -> NonFiniteDecimal.parse(text) != null ? NonFiniteDecimal.parse(text) : new BigDecimal(text);
            case FLOAT -> Float.parseFloat(text);
            case DOUBLE -> Double.parseDouble(text);
            case DATE -> LocalDate.parse(text);
            case TIME -> LocalTime.parse(text);
            case TIMESTAMP -> LocalDateTime.parse(text);
            case TIMESTAMP_TZ -> OffsetDateTime.parse(text);
            case STRING, TEXT, JSON -> text;
            case BINARY -> Base64.getDecoder().decode(text);
            case UUID -> UUID.fromString(text);
        };
    }
}
