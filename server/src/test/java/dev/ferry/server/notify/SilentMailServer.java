package dev.ferry.server.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A "mail server" that accepts connections and never says a word, as a hung SMTP server does. */
final class SilentMailServer implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    private SilentMailServer(ServerSocket listener) {
        this.listener = listener;
    }

    static SilentMailServer start() {
        try {
            SilentMailServer server = new SilentMailServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            Thread.ofPlatform().daemon().name("silent-smtp").start(() -> {
                while (!server.listener.isClosed()) {
                    try {
                        server.connections.add(server.listener.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    int connections() {
        return connections.size();
    }

    /** Stops listening and drops every connection. */
    @Override
    public void close() {
        try {
            listener.close();
            for (Socket connection : connections) {
                connection.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
