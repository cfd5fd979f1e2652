package dev.ferry.engine.connect;

import dev.ferry.api.Destination;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.api.Source;
import dev.ferry.engine.config.ConnectionConfig;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What {@code ferry check} and {@code ferry discover} do with one connection, for the CLI and the
 * server alike: connect and report, or list what the connection offers.
 *
 * <p>Thread-safe when the registry's connectors are; each call opens and closes its own connection.
 */
public final class ConnectionProbe {
    private final ConnectorRegistry connectors;

    public ConnectionProbe(ConnectorRegistry connectors) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
    }

    /** The part a connection plays: checked as a source (reading) or as a destination (writing). */
    public enum Role {
        SOURCE("source"), DESTINATION("destination");

        private final String label;

        Role(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One connection's verdict.
     *
     * @param connection the connection's name
     * @param role       what it was checked as: source, destination, or state store
     * @param ok         whether it answered
     * @param error      why not; null when ok. A connector's message, which names host, database and
     *                   user, never a password
     * @param millis     how long the check took
     * @param note       more about a success, or null
     */
    public record Verdict(String connection, String role, boolean ok, String error, long millis, String note) {
    }

    /** Connects to {@code connection} as {@code role} and reports whether it answers; never throws for a failed connection. */
    public Verdict check(ConnectionConfig connection, Role role) {
        return probe(connection.name(), role.label(), () -> {
            if (role == Role.DESTINATION) {
                try (Destination destination = connectors.openDestination(connection)) {
                    destination.check();
                }
            } else {
                try (Source source = connectors.openSource(connection)) {
                    source.check();
                }
            }
            return null;
        });
    }

    /**
     * The tables, views or objects {@code connection} offers as a source, with columns, types and keys.
     *
     * @throws dev.ferry.api.FerryException when it cannot be reached or read
     */
    public List<DiscoveredStream> discover(ConnectionConfig connection) {
        try (Source source = connectors.openSource(connection)) {
            return source.discover();
        }
    }

    /**
     * Runs {@code probe} and times it.
     *
     * @param probe throws when what it probes fails; returns a note on a success, or null
     */
    public static Verdict probe(String name, String role, Supplier<String> probe) {
        long started = System.nanoTime();
        try {
            String note = probe.get();
            return new Verdict(name, role, true, null, (System.nanoTime() - started) / 1_000_000, note);
        } catch (RuntimeException e) {
            return new Verdict(name, role, false, e.getMessage(), (System.nanoTime() - started) / 1_000_000, null);
        }
    }
}
