package dev.ferry.connectors.http;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.ConnectorFactory;
import dev.ferry.api.CredentialStore;
import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.Source;
import dev.ferry.connectors.http.definition.ApiDefinition;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code type: http} (an API the user defines in YAML, {@code properties: {definition: api.yaml}})
 * and the built-in providers ({@code type: alfadocs}, ...), whose definitions ship in the jar. The
 * connection's {@code url} is the API's base URL. No URL implies these types: an https URL could be
 * any of them, so a connection names its type.
 */
public final class HttpConnectorFactory implements ConnectorFactory {
    public static final String TYPE = "http";

    @Override
    public Set<String> types() {
        Set<String> types = new LinkedHashSet<>();
        types.add(TYPE);
        types.addAll(ProviderDefinitions.BUILT_IN);
        return types;
    }

    @Override
    public String typeForUrl(String url) {
        return null;
    }

    @Override
    public Source openSource(ConnectionSpec spec) {
        return openSource(spec, CredentialStore.NONE);
    }

    @Override
    public Source openSource(ConnectionSpec spec, CredentialStore credentials) {
        ApiDefinition definition = definition(spec);
        return new HttpSource(new ApiConnection(definition, ConnectionSettings.of(spec, definition), credentials),
                Clock.systemUTC());
    }

    @Override
    public Destination openDestination(ConnectionSpec spec) {
        return openDestination(spec, CredentialStore.NONE);
    }

    @Override
    public Destination openDestination(ConnectionSpec spec, CredentialStore credentials) {
        ApiDefinition definition = definition(spec);
        if (definition.writes().isEmpty()) {
            throw new FerryException("Connection " + spec.name() + ": " + definition.provider() + " is read only: its "
                    + "definition declares no writes");
        }
        return new HttpDestination(new ApiConnection(definition, ConnectionSettings.of(spec, definition), credentials));
    }

    private static ApiDefinition definition(ConnectionSpec spec) {
        if (!spec.type().equals(TYPE)) {
            return ProviderDefinitions.builtIn(spec.type());
        }
        String file = spec.properties().get(ConnectionSettings.DEFINITION);
        if (file == null || file.isBlank()) {
            throw new FerryException("Connection " + spec.name() + ": a type http connection names its API definition "
                    + "file in properties.definition");
        }
        return ProviderDefinitions.file(Path.of(file), spec.name());
    }
}
