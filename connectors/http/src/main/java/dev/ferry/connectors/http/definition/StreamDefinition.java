package dev.ferry.connectors.http.definition;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One stream of an API: the request that reads it, where its records are in an answer, their key,
 * and how pages, windows, incremental reads and parents shape the calls.
 *
 * @param name        the stream's name, as a pipeline's {@code table:} names it; never null
 * @param method      {@code GET} or {@code POST}
 * @param path        the path after the base URL, or a full URL; a template
 * @param query       query parameters, as templates; one whose value is missing is not sent
 * @param headers     headers this stream's calls send beyond the definition's, as templates
 * @param body        a JSON body whose string values are templates; null for none
 * @param records     the JSON Pointer of the records in an answer: an array of records, or one
 *                    record (an object); {@code ""} for the whole answer
 * @param key         the key fields; empty for none
 * @param paging      how pages follow each other; never null
 * @param windows     date windows; null for none
 * @param incremental the read of what changed; null when the stream is read whole each time
 * @param parent      the stream this one is a child of; null for none
 * @param onStatus    what answers of these statuses do, beyond the defaults (401 stops, 429 and 5xx
 *                    are tried again, other 4xx fail)
 * @param fields      the columns; empty to infer them from the first page's records
 * @param errorAt     a JSON Pointer where an answer says it failed although its status is a success
 *                    (Power BI's truncated query result); null for none
 */
public record StreamDefinition(String name, String method, Template path, Map<String, Template> query,
                               Map<String, Template> headers, JsonNode body,
                               String records, List<String> key, PagingDefinition paging, WindowDefinition windows,
                               IncrementalDefinition incremental, ParentDefinition parent,
                               Map<Integer, StatusAction> onStatus, List<FieldDefinition> fields, String errorAt) {

    public StreamDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        Objects.requireNonNull(records, "records");
        key = List.copyOf(key);
        Objects.requireNonNull(paging, "paging");
        onStatus = Map.copyOf(onStatus);
        fields = List.copyOf(fields);
    }
}
