package dev.ferry.connectors.http;

import dev.ferry.api.FerryException;
import dev.ferry.connectors.http.definition.ApiDefinition;
import dev.ferry.connectors.http.definition.DefinitionReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The definitions of the built-in providers, shipped in the jar as YAML
 * ({@code dev/ferry/connectors/http/providers/<name>.yaml}, the same form a user writes for an API
 * of their own), and of users' own files. A new provider is one more file here and its name in
 * {@link #BUILT_IN}.
 */
final class ProviderDefinitions {
    static final List<String> BUILT_IN = List.of("alfadocs", "gohighlevel", "hubspot", "powerbi", "planner");
    private static final String FOLDER = "dev/ferry/connectors/http/providers/";
    private static final Map<String, ApiDefinition> LOADED = new ConcurrentHashMap<>();

    private ProviderDefinitions() {
    }

    static ApiDefinition builtIn(String provider) {
        return LOADED.computeIfAbsent(provider, name -> {
            try (InputStream in = ProviderDefinitions.class.getClassLoader().getResourceAsStream(FOLDER + name + ".yaml")) {
                if (in == null) {
                    throw new IllegalStateException("The definition of provider " + name + " is missing from the jar");
                }
                return DefinitionReader.read(in, name + ".yaml");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A user's definition file; read at each open, so an edit takes effect on the next run. */
    static ApiDefinition file(Path path, String connection) {
        try (InputStream in = Files.newInputStream(path)) {
            return DefinitionReader.read(in, path.toString());
        } catch (NoSuchFileException e) {
            throw new FerryException("Connection " + connection + ": its definition " + path + " does not exist");
        } catch (IOException e) {
            throw new FerryException("Connection " + connection + ": its definition " + path + " cannot be read: " + e.getMessage(), e);
        }
    }
}
