package dev.ferry.engine.connect;

import dev.ferry.api.ConnectorFactory;
import dev.ferry.api.CredentialStore;
import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.Source;
import dev.ferry.engine.config.ConnectionConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The connector families on the class path, found through {@link ServiceLoader}, and the choice of
 * one for a configured connection.
 */
public final class ConnectorRegistry {
    private final List<ConnectorFactory> factories;

    private ConnectorRegistry(List<ConnectorFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    /** Every connector on the class path. */
    public static ConnectorRegistry load() {
        List<ConnectorFactory> found = new ArrayList<>();
        ServiceLoader.load(ConnectorFactory.class).forEach(found::add);
        return new ConnectorRegistry(found);
    }

    public static ConnectorRegistry of(List<ConnectorFactory> factories) {
        return new ConnectorRegistry(factories);
    }

    /** The connection's type: as configured, or implied by its URL. */
    public String typeOf(ConnectionConfig connection) {
        if (connection.type() != null) {
            factoryFor(connection.name(), connection.type());
            return connection.type();
        }
        for (ConnectorFactory factory : factories) {
            String type = factory.typeForUrl(connection.url());
            if (type != null) {
                return type;
            }
        }
        throw new FerryException("Connection " + connection.name() + ": no connector recognises the URL "
                + redactedUrl(connection.shownUrl()) + "; give a type, one of " + knownTypes());
    }

    public Source openSource(ConnectionConfig connection) {
        return openSource(connection, CredentialStore.NONE);
    }

    public Destination openDestination(ConnectionConfig connection) {
        return openDestination(connection, CredentialStore.NONE);
    }

    /** Opens a source whose renewed credentials are kept in {@code credentials} (a run's). */
    public Source openSource(ConnectionConfig connection, CredentialStore credentials) {
        String type = typeOf(connection);
        return factoryFor(connection.name(), type).openSource(connection.toSpec(type), credentials);
    }

    /** Opens a destination whose renewed credentials are kept in {@code credentials} (a run's). */
    public Destination openDestination(ConnectionConfig connection, CredentialStore credentials) {
        String type = typeOf(connection);
        return factoryFor(connection.name(), type).openDestination(connection.toSpec(type), credentials);
    }

    /** Every connection type some connector serves, sorted. */
    public List<String> knownTypes() {
        TreeSet<String> types = new TreeSet<>();
        factories.forEach(f -> types.addAll(f.types()));
        return List.copyOf(types);
    }

    private ConnectorFactory factoryFor(String connectionName, String type) {
        for (ConnectorFactory factory : factories) {
            if (factory.types().contains(type)) {
                return factory;
            }
        }
        throw new FerryException("Connection " + connectionName + ": unknown type '" + type
                + "'; known types are " + knownTypes());
    }

    /** A URL fit for messages: its query string may hold a password, so it is cut off. */
    public static String redactedUrl(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }
}
