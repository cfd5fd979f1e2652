package dev.ferry.engine.config;

import java.util.List;
import java.util.Optional;

/**
 * Connections a pipeline may name without declaring them under its own {@code connections:}, such as
 * the ones a server stores. A pipeline's own connections always win over these.
 *
 * <p>Implementations must be safe to call from any thread: a server loads pipelines on several.
 */
public interface ExternalConnections {

    /** None: a pipeline must declare every connection it names. */
    ExternalConnections NONE = new ExternalConnections() {
        @Override
        public List<String> names() {
            return List.of();
        }

        @Override
        public Optional<ConnectionConfig> find(String name) {
            return Optional.empty();
        }
    };

    /** The names of every connection offered, sorted; for messages that say which exist. Never null. */
    List<String> names();

    /**
     * The connection of this name, its references resolved and its secrets readable; empty when
     * there is none.
     *
     * @throws dev.ferry.api.FerryException when one exists but cannot be used (a secret that cannot be
     *                                      decrypted, a reference that does not resolve); the message
     *                                      says why and what to do, and never holds a secret
     */
    Optional<ConnectionConfig> find(String name);
}
