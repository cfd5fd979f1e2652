package dev.ferry.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.ConnectorLog;
import dev.ferry.connectors.http.call.ApiClient;
import dev.ferry.connectors.http.definition.ApiDefinition;
import dev.ferry.connectors.http.definition.StreamDefinition;
import dev.ferry.connectors.http.definition.BodyTemplate;
import dev.ferry.connectors.http.paging.BaseRequest;
import dev.ferry.connectors.http.paging.PageWalk;
import dev.ferry.connectors.http.paging.QueryUris;
import dev.ferry.connectors.http.records.RecordSelector;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stream's records as the API gives them, one at a time: page after page of each request, the
 * windows one after another, and for a child stream one request per parent record (the parent read
 * as it goes, never held whole). Each record comes with the parent it was read for.
 */
final class StreamRecords {
    /** A record and the parent record it was read for (null for a stream without a parent). */
    record Raw(JsonNode record, JsonNode parent) {
    }

    private final ApiDefinition definition;
    private final StreamDefinition stream;
    private final ApiClient client;
    private final ConnectorLog log;
    private final Scope scope;
    private final LocalDate today;
    private final StreamRecords parents;
    private final Iterator<Scope> calls;
    /** A child's {@code {{since}}} by parent record, when each parent keeps its own; null otherwise. */
    private final java.util.function.Function<JsonNode, String> sinceOfParent;
    /** A record's incremental value as {@code {{since}}}, to ask again after a capped query; null without one. */
    private java.util.function.Function<JsonNode, String> sinceOfRecord;
    private final Deque<JsonNode> page = new ArrayDeque<>();
    private PageWalk walk;
    private Scope currentCall;
    private JsonNode currentParent;

    StreamRecords(ApiDefinition definition, StreamDefinition stream, ApiClient client, ConnectorLog log, Scope scope,
                  LocalDate today) {
        this(definition, stream, client, log, scope, today, null);
    }

    /** @param sinceOfParent for a child stream whose parents keep their own positions: a parent's {@code {{since}}} */
    StreamRecords(ApiDefinition definition, StreamDefinition stream, ApiClient client, ConnectorLog log, Scope scope,
                  LocalDate today, java.util.function.Function<JsonNode, String> sinceOfParent) {
        this.sinceOfParent = sinceOfParent;
        // An API whose filter always needs a value reads from the definition's start the first time.
        if (stream.incremental() != null && stream.incremental().start() != null && scope.since() == null) {
            scope = scope.withSince(stream.incremental().start());
        }
        this.definition = definition;
        this.stream = stream;
        this.client = client;
        this.log = log;
        this.scope = scope;
        this.today = today;
        this.parents = stream.parent() == null ? null : new StreamRecords(definition,
                definition.stream(stream.parent().stream()), client, log, Scope.of(scope.settings()), today);
        this.calls = stream.parent() == null ? windowScopes(scope).iterator() : null;
    }

    /** The next record, or null after the last. */
    Raw next() {
        while (true) {
            if (!page.isEmpty()) {
                return new Raw(page.poll(), currentParent);
            }
            if (walk != null) {
                List<JsonNode> records = walk.next();
                if (records != null) {
                    page.addAll(records);
                    continue;
                }
                if (walk.capped()) {
                    walk = restartedAfterCap(walk);
                    continue;
                }
                walk = null;
            }
            Scope call = nextCall();
            if (call == null) {
                return null;
            }
            currentCall = call;
            walk = walk(call);
        }
    }

    /**
     * The same query asked again from the last record's incremental value, after the API's cap on
     * one query's results; refused when that value did not move (more records than the cap share it).
     */
    private PageWalk restartedAfterCap(PageWalk capped) {
        if (sinceOfRecord == null) {
            throw new dev.ferry.api.FerryException("Stream " + stream.name() + " reached its query's cap of results, and "
                    + "has no incremental field to ask again from");
        }
        String since = sinceOfRecord.apply(capped.lastRecord());
        if (since == null || since.equals(currentCall.since())) {
            throw new dev.ferry.api.FerryException("Stream " + stream.name() + ": more records than one query answers share "
                    + "the incremental value " + since + "; they cannot all be read by it");
        }
        log.info("the query reached the API's cap of results; asking again from " + since);
        currentCall = currentCall.withSince(since);
        return walk(currentCall);
    }

    private PageWalk walk(Scope call) {
        return new PageWalk(client, base(call), stream.paging(), new RecordSelector(stream.records()), stream.onStatus(),
                stream.name(), log, stream.errorAt());
    }

    /** The scope of the next request: the next window, or the next parent that needs a call. */
    private Scope nextCall() {
        if (parents == null) {
            return calls.hasNext() ? calls.next() : null;
        }
        while (true) {
            Raw parent = parents.next();
            if (parent == null) {
                return null;
            }
            String requires = stream.parent().requires();
            if (requires != null && Scope.text(parent.record().at("/" + requires.replace('.', '/'))) == null) {
                continue;
            }
            currentParent = parent.record();
            Scope call = scope.withParent(parent.record());
            if (sinceOfParent == null) {
                return call;
            }
            String since = sinceOfParent.apply(parent.record());
            return call.withSince(since != null ? since : stream.incremental().start());
        }
    }

    private List<Scope> windowScopes(Scope base) {
        if (stream.windows() == null) {
            return List.of(base);
        }
        return Windows.of(stream.windows(), base, today, stream.name()).stream()
                .map(window -> base.withWindow(Windows.write(stream.windows(), window.start(), false),
                        Windows.write(stream.windows(), window.end(), true)))
                .toList();
    }

    /** The stream's request for one scope: its path, query and body rendered. */
    BaseRequest base(Scope call) {
        String path = stream.path().require(call, StreamRecords::pathSegment);
        URI uri = URI.create(path.startsWith("http://") || path.startsWith("https://") ? path : joined(baseUrl(), path));
        Map<String, String> query = new LinkedHashMap<>();
        stream.query().forEach((name, template) -> template.render(call, text -> text).ifPresent(value -> query.put(name, value)));
        if (stream.windows() != null) {
            query.put(stream.windows().startParam(), call.windowStart());
            query.put(stream.windows().endParam(), call.windowEnd());
        }
        if (stream.incremental() != null && stream.incremental().param() != null && call.since() != null) {
            query.put(stream.incremental().param(), call.since());
        }
        ObjectNode body = stream.body() == null ? null : (ObjectNode) BodyTemplate.render(stream.body(), call, null);
        Map<String, String> headers = new LinkedHashMap<>();
        stream.headers().forEach((name, template) -> headers.put(name, template.require(call, text -> text)));
        return new BaseRequest(stream.method(), QueryUris.with(uri, query), headers, body);
    }

    /** How a record's incremental value is sent as {@code {{since}}}, for asking again after a capped query. */
    StreamRecords restartingFrom(java.util.function.Function<JsonNode, String> since) {
        this.sinceOfRecord = since;
        return this;
    }

    /** A parent record's key as text (its key fields' values), naming it in a child's positions. */
    static String parentKey(StreamDefinition parent, JsonNode record) {
        if (record == null) {
            return null;
        }
        if (parent.key().isEmpty()) {
            return record.toString();
        }
        java.util.List<String> values = new java.util.ArrayList<>();
        for (String field : parent.key()) {
            String value = Scope.text(record.at("/" + field.replace('.', '/')));
            values.add(value == null ? "" : value);
        }
        return values.size() == 1 ? values.getFirst() : String.join("\u001f", values);
    }

    String baseUrl() {
        return scope.settings().baseUrl();
    }

    private static String joined(String base, String path) {
        if (base == null) {
            throw new IllegalStateException("no base URL");
        }
        String left = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return left + (path.startsWith("/") ? path : "/" + path);
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
