package dev.ferry.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * The body of every error answer: {@code {"error": {"status": 409, "code": "pipeline_busy",
 * "message": "...", "details": {...}}}}.
 */
public record ErrorBody(Error error) {

    public static ErrorBody of(int status, String code, String message, Map<String, Object> details) {
        return new ErrorBody(new Error(status, code, message, details.isEmpty() ? null : details));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(int status, String code, String message, Map<String, Object> details) {
    }
}
