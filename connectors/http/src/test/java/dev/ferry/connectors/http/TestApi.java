package dev.ferry.connectors.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A small real HTTP server for the kit's tests: each test answers calls with a function of the call,
 * and every call is recorded (its path with query, and its headers) in the order it came. A test
 * class holds one as {@code @RegisterExtension final TestApi api = new TestApi();}: a server per
 * test, stopped after it.
 */
final class TestApi implements AutoCloseable, AfterEachCallback {
    /** A call as the server saw it. */
    record Call(String method, String pathAndQuery, Map<String, List<String>> headers, String body, long atNanos) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().getFirst()).orElse(null);
        }
    }

    /** An answer: status, headers, body. */
    record Answer(int status, Map<String, String> headers, String body) {
        static Answer json(String body) {
            return new Answer(200, Map.of(), body);
        }

        static Answer status(int status, String body) {
            return new Answer(status, Map.of(), body);
        }
    }

    @FunctionalInterface
    interface Handler {
        Answer answer(Call call) throws Exception;
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Handler handler = call -> Answer.status(404, "{}");

    TestApi() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::serve);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(Handler handler) {
        this.handler = handler;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        Call call = new Call(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query),
                Map.copyOf(exchange.getRequestHeaders()), new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                System.nanoTime());
        calls.add(call);
        Answer answer;
        try {
            answer = handler.answer(call);
        } catch (Exception | AssertionError e) {
            // A test's check failing inside the handler answers 500 at once rather than leaving the call to time out.
            answer = Answer.status(500, "{\"error\":\"" + e.toString().replace("\"", "'").replace("\n", " ") + "\"}");
        }
        if (answer == null) {
            // No answer at all: the connection is closed, as a crashed server would.
            exchange.close();
            return;
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
