package dev.ferry.connectors.http.definition;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one REST API offers Ferry, as its YAML definition declares it: where it is, how a caller
 * signs in, how fast it may be called, and its streams. Built-in providers ship the same YAML in the
 * jar ({@code dev/ferry/connectors/http/providers/<name>.yaml}); a user's own API is a file named by
 * the connection's {@code definition} property.
 *
 * @param provider  the provider's name, for messages and for sharing limits across runs; never null
 * @param baseUrl   the default base URL; a connection's {@code url} overrides it; may be null (then the
 *                  connection must give one)
 * @param settings  the connection properties this API takes, by name; never null
 * @param headers   headers every call sends, as templates; never null
 * @param auth      how calls sign in; never null ({@link AuthDefinition.None} for none)
 * @param limits    how fast calls may go and how long they may take; never null
 * @param checkPath the path {@code check} calls to prove the connection works; null to read one page
 *                  of the first stream instead
 * @param checkHeaders headers the check call sends beyond the definition's
 * @param streams   the streams, in the definition's order; never null
 * @param writes    how records are written, by object type; empty for an API only read
 */
public record ApiDefinition(String provider, String baseUrl, Map<String, SettingDefinition> settings,
                            Map<String, Template> headers, AuthDefinition auth, LimitsDefinition limits,
                            Template checkPath, Map<String, Template> checkHeaders, List<StreamDefinition> streams,
                            Map<String, WriteDefinition> writes) {

    public ApiDefinition {
        Objects.requireNonNull(provider, "provider");
        settings = Map.copyOf(settings);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(limits, "limits");
        checkHeaders = Map.copyOf(checkHeaders);
        streams = List.copyOf(streams);
        writes = Map.copyOf(writes);
    }

    /** The stream named {@code name}, or null. */
    public StreamDefinition stream(String name) {
        return streams.stream().filter(stream -> stream.name().equals(name)).findFirst().orElse(null);
    }
}
