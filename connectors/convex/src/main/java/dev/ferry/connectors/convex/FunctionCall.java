package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.FerryException;

import java.util.regex.Pattern;

/**
 * One call of a mutation through the HTTP functions API ({@code POST /api/mutation} with
 * {@code {"path", "args", "format": "json"}}) and how its answer reads. Convex answers a function
 * that threw with {@code {"status": "error", "errorMessage"}}, with HTTP 200 in its own source, so
 * the body decides, not the status. The call is retried like a read: the functions upsert and
 * delete by key, so applying a call twice changes nothing.
 */
final class FunctionCall {
    static final String MUTATION = "/api/mutation";
    /**
     * What Convex says when a call outgrows a transaction's limits ("Too many writes in a single
     * function execution (limit: 16000)", too many bytes, documents or index ranges read, an array
     * too long, a function that ran too long): a smaller batch may pass, so such a call is split.
     */
    private static final Pattern OVER_A_LIMIT = Pattern.compile(
            "(?i)too many|too large|too long|too big|limit|exceed|timed out|time ?out|ran for");

    private FunctionCall() {
    }

    /**
     * The function's return value; throws {@link Failed} when it threw, {@link ConvexError.Answered}
     * for an HTTP error. {@code secret} is masked in any message: a validator's error quotes the
     * arguments it refused, the auth key among them.
     */
    static JsonNode run(ConvexApi api, String function, byte[] body, String secret) {
        JsonNode answer = api.send("POST", MUTATION, body, ConvexApi.Retry.ALWAYS);
        String status = answer.path("status").asText("");
        if (status.equals("success")) {
            return answer.path("value");
        }
        if (status.equals("error")) {
            throw new Failed(function, answer.path("errorMessage").asText("(no errorMessage)").replace(secret, "****"));
        }
        throw new FerryException("Convex answered the call of " + function + " with neither status success nor error: "
                + abbreviated(answer.toString().replace(secret, "****")));
    }

    /** A mutation that threw: its message as Convex gave it. */
    static final class Failed extends RuntimeException {
        private final String function;
        private final String errorMessage;

        Failed(String function, String errorMessage) {
            super(function + " failed: " + errorMessage, null, false, false);
            this.function = function;
            this.errorMessage = errorMessage;
        }

        String function() {
            return function;
        }

        String errorMessage() {
            return errorMessage;
        }

        /** Whether the call outgrew one of Convex's per-transaction limits, so that a smaller one may pass. */
        boolean isOverALimit() {
            return OVER_A_LIMIT.matcher(errorMessage).find();
        }

        /** Whether the functions refused the auth key. */
        boolean isUnauthorized() {
            return errorMessage.contains("Unauthorized");
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
