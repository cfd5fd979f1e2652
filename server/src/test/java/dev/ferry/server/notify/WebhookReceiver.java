package dev.ferry.server.notify;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook endpoint on a free local port that records every request as received (headers and raw
 * body) and answers with the scripted statuses in turn, then 200.
 */
final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    /** A receiver answering {@code statuses} to the first requests, then 200. */
    static WebhookReceiver start(Integer... statuses) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            receiver.statuses.addAll(List.of(statuses));
            server.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
                receiver.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
                int status;
                synchronized (receiver.statuses) {
                    status = receiver.statuses.isEmpty() ? 200 : receiver.statuses.poll();
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** One request as received. */
    record Request(String method, String path, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.get(name);
        }

        /** Whether its signature is right for {@code secret}, over the body exactly as received. */
        boolean signedWith(String secret) {
            return WebhookSignature.verify(secret, Long.parseLong(header(WebhookSignature.TIMESTAMP_HEADER)), body,
                    header(WebhookSignature.SIGNATURE_HEADER));
        }
    }
}
