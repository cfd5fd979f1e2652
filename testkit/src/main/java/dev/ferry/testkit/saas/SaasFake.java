package dev.ferry.testkit.saas;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What every fake SaaS API gives a test besides its own data: its base URL, faults, the log of
 * requests and closing, all kept by its {@link FakeHttpServer}, so that a test drives each fake
 * the same way and a change to these controls is made once.
 *
 * <p>The subclass builds the server itself, since its routes, guard and stats need the subclass's
 * own state, and hands it over through {@link #server()}.
 */
public abstract class SaasFake implements AutoCloseable {

    /** The server answering this fake's routes; the same one for the fake's whole life. */
    protected abstract FakeHttpServer server();

    /** {@code http://127.0.0.1:PORT}: the base URL a connector is configured with, routes at its root. */
    public String baseUrl() {
        return server().rootUrl();
    }

    /** {@code GET}: the fake's own figures as JSON, neither authenticated nor recorded. */
    public String statsUrl() {
        return server().rootUrl() + FakeHttpServer.STATS_PATH;
    }

    /** Arms a fault; a route is named by its pattern as declared, under the fake's base path if it has one. */
    public void injectFault(Fault fault) {
        server().injectFault(fault);
    }

    public void clearFaults() {
        server().clearFaults();
    }

    public List<RecordedRequest> requests() {
        return server().requests();
    }

    /** Requests to a route, named by its method and its pattern as declared, placeholders and all. */
    public long requestCount(String method, String pattern) {
        return server().requestCount(method, pattern);
    }

    public Map<String, Long> requestCounts() {
        return server().requestCounts();
    }

    /** Keeps only the last {@code limit} requests, so that a long benchmark does not grow the log without end. */
    public void setRequestLogLimit(int limit) {
        server().setLogLimit(limit);
    }

    public void clearRequests() {
        server().clearRequests();
    }

    @Override
    public void close() {
        server().close();
    }

    /** 32 random hex digits, for keys, secrets and tokens that no test may guess. */
    protected static String randomHex() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
