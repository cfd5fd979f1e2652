package dev.ferry.api;

import java.util.Set;

/**
 * Entry point of a connector family, found through {@link java.util.ServiceLoader} (list the
 * implementation in {@code META-INF/services/dev.ferry.api.ConnectorFactory}).
 *
 * <p>Implementations are stateless and thread-safe; each {@code open} call returns a new,
 * independent object that the caller closes.
 */
public interface ConnectorFactory {

    /** The connection types this family serves, for example {@code postgresql}, {@code sqlite}. */
    Set<String> types();

    /** The type a URL implies (for example {@code jdbc:postgresql:} gives {@code postgresql}), or null. */
    String typeForUrl(String url);

    /** Opens a source; the connection may be made lazily. Throws {@link FerryException} on a bad spec. */
    Source openSource(ConnectionSpec spec);

    /** Opens a destination; the connection may be made lazily. Throws {@link FerryException} on a bad spec. */
    Destination openDestination(ConnectionSpec spec);

    /** {@link #openSource(ConnectionSpec)} with the connection's stored credentials (see {@link CredentialStore}). */
    default Source openSource(ConnectionSpec spec, CredentialStore credentials) {
        return openSource(spec);
    }

    /** {@link #openDestination(ConnectionSpec)} with the connection's stored credentials. */
    default Destination openDestination(ConnectionSpec spec, CredentialStore credentials) {
        return openDestination(spec);
    }
}
