package dev.ferry.engine.config.loader;

import dev.ferry.api.FerryException;
import dev.ferry.engine.config.ConnectionConfig;
import dev.ferry.engine.config.ExternalConnections;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the names of connections a pipeline refers to (its source, its destination, the connection
 * of a table lookup) against those it declares and those a server offers, with "did you mean" for a
 * misspelled one. A name taken from the offered connections joins the pipeline's connections.
 */
final class ConnectionReferences {
    private final List<String> declared;
    private final Map<String, ConnectionConfig> connections;
    private final ExternalConnections external;

    /**
     * @param declared    the names under {@code connections:}, in file order
     * @param connections the pipeline's connections, which offered ones are added to
     * @param external    the connections offered besides the file's own
     */
    ConnectionReferences(List<String> declared, Map<String, ConnectionConfig> connections, ExternalConnections external) {
        this.declared = declared;
        this.connections = connections;
        this.external = external;
    }

    /** The names declared under {@code connections:}, for messages that list them. */
    List<String> declared() {
        return declared;
    }

    /**
     * Why {@code name} cannot be used, or null when it can. When no connection is declared and none is
     * offered, every name passes: the missing {@code connections:} is the problem reported.
     */
    String problemWith(String name) {
        if (declared.contains(name)) {
            return null;
        }
        if (external != ExternalConnections.NONE) {
            return offered(name);
        }
        if (declared.isEmpty()) {
            return null;
        }
        return "no connection is named '" + name + "'; defined connections are " + Suggestions.join(declared)
                + Suggestions.didYouMean(name, declared);
    }

    private String offered(String name) {
        Optional<ConnectionConfig> found;
        try {
            found = external.find(name);
        } catch (FerryException e) {
            return "connection '" + name + "' is stored on the server but cannot be used: " + e.getMessage();
        }
        if (found.isPresent()) {
            connections.putIfAbsent(name, found.get());
            return null;
        }
        List<String> stored = external.names();
        List<String> every = new ArrayList<>(declared);
        every.addAll(stored);
        return "no connection is named '" + name + "'; "
                + (declared.isEmpty() ? "this file defines none" : "defined connections are " + Suggestions.join(declared))
                + (stored.isEmpty() ? ", and no connection is stored on the server"
                : "; stored connections are " + Suggestions.join(stored))
                + Suggestions.didYouMean(name, every);
    }
}
