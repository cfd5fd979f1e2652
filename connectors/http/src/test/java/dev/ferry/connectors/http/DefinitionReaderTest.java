package dev.ferry.connectors.http;

import dev.ferry.connectors.http.definition.ApiDefinition;
import dev.ferry.connectors.http.definition.DefinitionException;
import dev.ferry.connectors.http.definition.DefinitionReader;
import dev.ferry.connectors.http.definition.PagingDefinition;
import dev.ferry.connectors.http.definition.StatusAction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A definition is checked whole when it loads, and each problem names the file and the field. */
class DefinitionReaderTest {

    private static ApiDefinition read(String yaml) {
        return DefinitionReader.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "api.yaml");
    }

    @Test
    void everyBuiltInProviderLoads() {
        for (String provider : ProviderDefinitions.BUILT_IN) {
            ApiDefinition definition = ProviderDefinitions.builtIn(provider);
            assertThat(definition.provider()).isEqualTo(provider);
            assertThat(definition.streams()).isNotEmpty();
        }
        ApiDefinition alfadocs = ProviderDefinitions.builtIn("alfadocs");
        assertThat(alfadocs.stream("patients").paging()).isEqualTo(new PagingDefinition.NextLink("/links/next"));
        assertThat(alfadocs.stream("appointments").windows().days()).isEqualTo(30);
        assertThat(alfadocs.stream("care_plans").onStatus()).containsEntry(403, StatusAction.SKIP);
        assertThat(alfadocs.limits().requests()).isEqualTo(10);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field        | streams: {a: {path: /a, recrods: /x}}                                   | api.yaml, streams.a.recrods: is not a known field here
            paging type          | streams: {a: {path: /a, paginate: {type: nxt}}}                          | api.yaml, streams.a.paginate.type: is 'nxt'; one of none, next_link
            pointer form         | streams: {a: {path: /a, paginate: {type: next_link, pointer: links.next}}} | streams.a.paginate.pointer: is a JSON Pointer
            undeclared setting   | streams: {a: {path: '/x/{{config.practice}}'}}                           | streams.a.path: {{config.practice}} names nothing here
            parent outside child | streams: {a: {path: '/x/{{parent.id}}'}}                                 | streams.a.path: {{parent.id}} names nothing here
            missing parent       | streams: {a: {path: /a, parent: {stream: b}}}                            | streams.a.parent.stream: names no stream
            field type           | streams: {a: {path: /a, fields: {id: int}}}                              | streams.a.fields.id: is 'int'; one of boolean, integer
            status action        | streams: {a: {path: /a, on_status: {403: ignore}}}                       | streams.a.on_status.403: is 'ignore'; one of skip, empty, fail
            status 401           | streams: {a: {path: /a, on_status: {401: skip}}}                         | streams.a.on_status.401: an action is for a 4xx or 5xx status other than 401 and 429
            key not a field      | streams: {a: {path: /a, key: uid, fields: {id: integer}}}                | streams.a.key: names uid, which is not one of the stream's fields
            auth both places     | 'auth: {type: api_key, header: X-Key, query_param: key, value: v}\nstreams: {a: {path: /a}}' | api.yaml, auth: an api_key goes in exactly one of header or query_param
            duration             | 'limits: {timeout: soon}\nstreams: {a: {path: /a}}'                      | api.yaml, limits.timeout: must be a duration
            no streams           | 'streams: {}'                                                            | api.yaml, streams: must declare at least one stream
            records path         | streams: {a: {path: /a, records: '$..data'}}                             | streams.a.records: '$..data' is not a JSONPath of names and indexes
            records form         | streams: {a: {path: /a, records: data}}                                  | streams.a.records: is a JSON Pointer (/data) or a JSONPath
            """)
    void aProblemIsNamedWhereItIs(String problem, String streams, String message) {
        String yaml = "provider: test\n" + streams.replace("\\n", "\n");
        assertThatThrownBy(() -> read(yaml)).isInstanceOf(DefinitionException.class).hasMessageContaining(message);
    }

    @Test
    void parentsThatFormALoopAreRefused() {
        assertThatThrownBy(() -> read("""
                provider: test
                streams:
                  a: {path: '/a/{{parent.id}}', parent: {stream: b}}
                  b: {path: '/b/{{parent.id}}', parent: {stream: a}}
                """)).hasMessageContaining("streams.a.parent: parents form a loop");
    }
}
