package dev.ferry.connectors.jdbc;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.FerryException;
import dev.ferry.api.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Connecting fails within the connect timeout, naming host and port and saying why in a user's words,
 * with every driver Ferry ships: a server that accepts and never answers, an unknown host, a closed port.
 */
class ConnectFailureTest {

    private static final String PASSWORD = "pw-S3cret-" + System.nanoTime();

    private ServerSocket silent;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private Thread acceptor;

    @BeforeEach
    void startASilentServer() throws IOException {
        silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!silent.isClosed()) {
                try {
                    accepted.add(silent.accept()); // kept open, never written to
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stopIt() throws Exception {
        silent.close();
        for (Socket socket : accepted) {
            socket.close();
        }
        acceptor.join(5_000);
    }

    @ParameterizedTest
    @CsvSource({
            "postgresql, jdbc:postgresql://127.0.0.1:PORT/db",
            "mariadb, jdbc:mariadb://127.0.0.1:PORT/db",
            "sqlserver, jdbc:sqlserver://127.0.0.1:PORT;databaseName=db;encrypt=false"})
    void aServerThatNeverAnswersTimesOutNamingHostAndPort(String type, String url) {
        int port = silent.getLocalPort();
        ConnectionSpec spec = spec(type, url.replace("PORT", Integer.toString(port)), 2);

        long started = System.nanoTime();
        // Preemptive, so a driver that ignores its timeout fails this test instead of hanging the build.
        FerryException error = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> catchThrowableOfType(
                FerryException.class, () -> JdbcConnections.open(spec).close()));
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertThat(error).isNotNull();
        assertThat(error.getMessage()).isEqualTo("Cannot connect to " + type + " connection db: 127.0.0.1:" + port
                + " did not answer: timed out after 2 s (connect_timeout)");
        assertThat(seconds).as("fails at the timeout, with a margin for the driver").isBetween(1L, 5L);
        assertThat(accepted).as("the driver did reach the server").isNotEmpty();
    }

    @Test
    void postgresWaitsTheWholeTimeoutNotOnlyItsSslRequestLimit() {
        ConnectionSpec spec = spec("postgresql", "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/db", 7);

        long started = System.nanoTime();
        FerryException error = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> catchThrowableOfType(
                FerryException.class, () -> JdbcConnections.open(spec).close()));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(error.getMessage()).endsWith("did not answer: timed out after 7 s (connect_timeout)");
        assertThat(millis).as("pgjdbc's own 5 s limit on the SSL answer must not cut it short").isBetween(6_900L, 10_000L);
    }

    @ParameterizedTest
    @CsvSource({
            "postgresql, jdbc:postgresql://nowhere.invalid/db, nowhere.invalid:5432",
            "mariadb, jdbc:mariadb://nowhere.invalid:3307/db, nowhere.invalid:3307",
            "sqlserver, jdbc:sqlserver://nowhere.invalid;databaseName=db;encrypt=false, nowhere.invalid:1433"})
    void anUnknownHostIsNamed(String type, String url, String endpoint) {
        FerryException error = catchThrowableOfType(FerryException.class,
                () -> JdbcConnections.open(spec(type, url, 5)).close());

        assertThat(error).isNotNull();
        assertThat(error.getMessage()).isEqualTo("Cannot connect to " + type + " connection db: unknown host "
                + "nowhere.invalid (" + endpoint + "): the name does not resolve; check the host in the url");
    }

    @ParameterizedTest
    @CsvSource({"postgresql, jdbc:postgresql://127.0.0.1:PORT/db", "mariadb, jdbc:mariadb://127.0.0.1:PORT/db"})
    void aClosedPortIsRefusedAndNoSecretIsShown(String type, String url) throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ConnectionSpec spec = spec(type, url.replace("PORT", Integer.toString(port)), 5);

        FerryException error = catchThrowableOfType(FerryException.class, () -> JdbcConnections.open(spec).close());

        assertThat(error.getMessage()).isEqualTo("Cannot connect to " + type + " connection db: 127.0.0.1:" + port
                + " refused the connection: is the server running and listening on that port?");
        assertThat(error.getMessage()).doesNotContain(PASSWORD);
    }

    private static ConnectionSpec spec(String type, String url, int timeoutSeconds) {
        return new ConnectionSpec("db", type, url, "ferry", Secret.of(PASSWORD), Map.of(),
                Map.of(ConnectionSpec.CONNECT_TIMEOUT, Integer.toString(timeoutSeconds)));
    }
}
