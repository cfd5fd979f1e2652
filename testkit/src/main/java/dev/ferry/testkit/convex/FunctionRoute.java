package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/query}, {@code /api/mutation} with {@code {"path", "args", "format"}}, and
 * {@code POST /api/run/{module}/{function}} with {@code {"args", "format"}}. Success answers
 * {@code {"status": "success", "value", "logLines"}}; a function error answers HTTP 200 with
 * {@code {"status": "error", "errorMessage", "errorData"?, "logLines"}}, as Convex's source does.
 *
 * <p>Arguments and values use Convex's JSON encoding ({@code $integer}, {@code $bytes},
 * {@code $float}), which plain JSON also satisfies. Arguments over 16 MiB answer 400
 * {@code BadJsonBody} (choice: treated as the route's body limit). Functions run one at a time.
 * Not modelled: actions, authentication tokens, the 1 s execution limit.
 */
final class FunctionRoute implements Route {

    record Registered(FunctionKind kind, FunctionHandler handler) {
    }

    private final ConvexStore store;
    private final Map<String, Registered> functions;
    private final FunctionKind kind;

    /** {@code kind} null: the {@code /api/run/} route, which takes the path from the URL. */
    FunctionRoute(ConvexStore store, Map<String, Registered> functions, FunctionKind kind) {
        this.store = store;
        this.functions = functions;
        this.kind = kind;
    }

    @Override
    public Set<String> methods() { return Set.of("POST"); }

    @Override
    public Permission permission() { return null; }

    @Override
    public long bodyLimit() { return FunctionLimits.ARGUMENTS_BYTES; }

    @Override
    public JsonNode handle(ConvexRequest request) {
        JsonNode body = request.json();
        String path = kind == null ? pathFromUrl(request.path()) : body.path("path").asText("");
        ValueFormat.named(body.path("format").asText(null));
        try {
            ConvexValue argsValue = ConvexEncodedJsonFormat.INSTANCE.decode(body.get("args"));
            ConvexValue.Obj args = argsValue instanceof ConvexValue.Obj object ? object
                    : argsValue instanceof ConvexValue.Null ? ConvexValue.object() : null;
            if (args == null) {
                throw new ConvexFunctionError("Arguments to " + path + " must be an object, got " + argsValue);
            }
            FunctionLimits.checkArrays(args, "args");
            return success(run(path, args));
        } catch (ConvexFunctionError e) {
            return error(e);
        } catch (ConvexHttpException e) {
            throw e;
        } catch (RuntimeException e) {
            // A handler's own bug reaches the caller as Convex reports an uncaught exception.
            return error(new ConvexFunctionError("Uncaught " + e));
        }
    }

    private ConvexValue run(String path, ConvexValue.Obj args) {
        Registered function = functions.get(path);
        if (function == null) {
            throw new ConvexFunctionError("Could not find public function for '" + path + "'");
        }
        if (kind != null && function.kind() != kind) {
            throw new ConvexFunctionError("Trying to execute " + path + " as " + kind + ", but it is defined as " + function.kind());
        }
        synchronized (store) {
            FunctionTransaction transaction = new FunctionTransaction(store);
            ConvexValue value = function.handler().run(args, transaction);
            if (function.kind() == FunctionKind.MUTATION) {
                transaction.commit();
            }
            return value == null ? ConvexValue.nullValue() : value;
        }
    }

    /** {@code /api/run/sync/upsertBatch} → {@code sync:upsertBatch}; nested modules keep their slashes. */
    private static String pathFromUrl(String url) {
        String rest = url.substring("/api/run/".length());
        int last = rest.lastIndexOf('/');
        if (last < 0) {
            throw new ConvexHttpException(404, "NotFound", "No function in " + url + ": expected /api/run/{module}/{function}");
        }
        return rest.substring(0, last) + ":" + rest.substring(last + 1);
    }

    private static JsonNode success(ConvexValue value) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", "success");
        body.set("value", ConvexEncodedJsonFormat.INSTANCE.encode(value));
        body.putArray("logLines");
        return body;
    }

    private static JsonNode error(ConvexFunctionError e) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", "error");
        body.put("errorMessage", e.getMessage());
        if (e.errorData() != null) {
            body.set("errorData", ConvexEncodedJsonFormat.INSTANCE.encode(e.errorData()));
        }
        body.putArray("logLines");
        return body;
    }
}
