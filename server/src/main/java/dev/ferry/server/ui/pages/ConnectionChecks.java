package dev.ferry.server.ui.pages;

import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.connect.ConnectionProbe;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.connections.ConnectionService;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks stored connections as {@code POST /api/connections/{name}/check} does, audited the same
 * way, and remembers each connection's last result for the Connections and Health pages. The memory
 * is this process's: a restart, or another node, starts without results, and the pages say "not
 * checked yet".
 *
 * <p>Thread-safe.
 */
public final class ConnectionChecks {
    /** The last check of a connection; {@code error} never holds a secret (the service scrubs it). */
    public record LastCheck(String connection, String role, boolean ok, String error, long millis, Instant at) {
    }

    private final ConnectionService connections;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, LastCheck> last = new ConcurrentHashMap<>();

    public ConnectionChecks(ConnectionService connections, AuditLog audit, Clock clock) {
        this.connections = connections;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Connects and reports.
     *
     * @throws java.util.NoSuchElementException when no such connection is stored
     */
    public LastCheck check(String name, ConnectionProbe.Role role, Caller caller) {
        ConnectionProbe.Verdict verdict = connections.check(name, role);
        audit.record(caller, "connection.check", name, verdict.ok() ? "ok" : "failed",
                "as " + role.label() + (verdict.ok() ? ", " + verdict.millis() + " ms" : ": " + verdict.error()));
        LastCheck result = new LastCheck(name, role.label(), verdict.ok(), verdict.error(), verdict.millis(), clock.instant());
        last.put(name, result);
        return result;
    }

    /**
     * Checks a connection a pipeline file declares itself, under the name {@code pipeline/connection},
     * audited as a stored one's check is.
     */
    public LastCheck checkDeclared(String pipeline, ConnectionConfig config, ConnectionProbe.Role role,
                                   ConnectorRegistry connectors, Caller caller) {
        String name = declaredName(pipeline, config.name());
        ConnectionProbe.Verdict verdict = new ConnectionProbe(connectors).check(config, role);
        String error = ConnectionService.scrub(verdict.error(), config);
        audit.record(caller, "connection.check", name, verdict.ok() ? "ok" : "failed",
                "as " + role.label() + (verdict.ok() ? ", " + verdict.millis() + " ms" : ": " + error));
        LastCheck result = new LastCheck(name, role.label(), verdict.ok(), error, verdict.millis(), clock.instant());
        last.put(name, result);
        return result;
    }

    /** How a connection declared in a pipeline's file is named here: the pipeline, a slash, the connection. */
    public static String declaredName(String pipeline, String connection) {
        return pipeline + "/" + connection;
    }

    public Optional<LastCheck> last(String name) {
        return Optional.ofNullable(last.get(name));
    }

    /** Forgets a deleted connection's result, so a new one of the same name does not inherit it. */
    public void forget(String name) {
        last.remove(name);
    }
}
