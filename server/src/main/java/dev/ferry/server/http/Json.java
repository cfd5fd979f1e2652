package dev.ferry.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;

import java.util.stream.Collectors;

/**
 * The API's JSON: ISO-8601 times, and strict reading: an unknown field, a missing required value or
 * a value of the wrong type is a 400 that names the field, so a typo never passes unnoticed.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    /** The request's body as {@code type}; an empty body reads as {@code empty}. */
    public static <T> T body(Context ctx, Class<T> type, T empty) {
        String body = ctx.body();
        if (body.isBlank()) {
            return empty;
        }
        return object(read(body, type));
    }

    /** The request's body as {@code type}; required. */
    public static <T> T body(Context ctx, Class<T> type) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw ApiException.badRequest("The request needs a JSON body");
        }
        return object(read(body, type));
    }

    /** A body of just {@code null} reads as no object at all: refused like any other body of the wrong shape. */
    private static <T> T object(T value) {
        if (value == null) {
            throw new ApiException(400, "invalid_field", "The body must be a JSON object, not null");
        }
        return value;
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw new ApiException(400, "unknown_field", "Unknown field '" + field + "'; known fields are "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")),
                    java.util.Map.of("field", field));
        } catch (JsonMappingException e) {
            String field = path(e);
            throw new ApiException(400, "invalid_field", (field.isEmpty() ? "The body" : "Field '" + field + "'")
                    + " is not valid: " + e.getOriginalMessage(), field.isEmpty() ? java.util.Map.of() : java.util.Map.of("field", field));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("The body is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
