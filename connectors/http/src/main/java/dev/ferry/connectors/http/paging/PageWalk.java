package dev.ferry.connectors.http.paging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.api.ConnectorLog;
import dev.ferry.api.FerryException;
import dev.ferry.connectors.http.call.ApiClient;
import dev.ferry.connectors.http.call.ApiRequest;
import dev.ferry.connectors.http.call.ApiResponse;
import dev.ferry.connectors.http.call.CallFailedException;
import dev.ferry.connectors.http.definition.PagingDefinition;
import dev.ferry.connectors.http.definition.StatusAction;
import dev.ferry.connectors.http.records.JsonText;
import dev.ferry.connectors.http.records.RecordSelector;

import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one request's pages in order, from the first (never skipped) to the one the paging's stop
 * condition ends on, and refuses to loop: a next link or cursor that comes back, or a page whose
 * body is the one before it, fails the read naming the stream, instead of paging forever or loading
 * the last page twice. A non-success answer is handled by the stream's {@code on_status}: skipped
 * (logged with its response), empty, or failing the read (the default) with its response.
 */
public final class PageWalk {
    /**
     * Answers are parsed with decimals as written, trailing zeros too ({@code 12.30} stays 12.30), so
     * no digit is lost on the way to a column.
     */
    public static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?", Pattern.CASE_INSENSITIVE);

    private final ApiClient client;
    private final BaseRequest base;
    private final PagingDefinition paging;
    private final RecordSelector selector;
    private final Map<Integer, StatusAction> onStatus;
    private final String stream;
    private final ConnectorLog log;
    private final Set<String> seenPositions = new HashSet<>();
    private ApiRequest nextRequest;
    private byte[] previousDigest;
    private long offset;
    private JsonNode lastRecord;
    private long read;
    private boolean capped;
    private int page;

    private final String errorAt;

    public PageWalk(ApiClient client, BaseRequest base, PagingDefinition paging, RecordSelector selector,
                    Map<Integer, StatusAction> onStatus, String stream, ConnectorLog log) {
        this(client, base, paging, selector, onStatus, stream, log, null);
    }

    /** @param errorAt where an answer with a success status may still say it failed; null for nowhere */
    public PageWalk(ApiClient client, BaseRequest base, PagingDefinition paging, RecordSelector selector,
                    Map<Integer, StatusAction> onStatus, String stream, ConnectorLog log, String errorAt) {
        this.errorAt = errorAt;
        this.client = client;
        this.base = base;
        this.paging = paging;
        this.selector = selector;
        this.onStatus = onStatus;
        this.stream = stream;
        this.log = log;
        this.page = paging instanceof PagingDefinition.PageNumber numbered ? numbered.first() : 0;
        this.nextRequest = firstRequest();
    }

    /** The next page's records (possibly none), or null after the last page. */
    public List<JsonNode> next() {
        if (nextRequest == null) {
            return null;
        }
        ApiRequest request = nextRequest;
        nextRequest = null;
        ApiResponse response = client.send(request, log);
        if (!response.isSuccess()) {
            StatusAction action = onStatus.getOrDefault(response.status(), StatusAction.FAIL);
            String described = client.redaction().describe(request.method(), request.uri().toString(), response);
            switch (action) {
                case SKIP -> {
                    log.warn("skipped, as on_status says for " + response.status() + ": " + described);
                    return List.of();
                }
                case EMPTY -> {
                    return List.of();
                }
                default -> throw new CallFailedException("Stream " + stream + ": " + described, response.status());
            }
        }
        byte[] digest = digest(response.body());
        if (previousDigest != null && Arrays.equals(digest, previousDigest)) {
            throw new FerryException("Stream " + stream + ": " + request.method() + " " + client.redaction().mask(request.uri().toString())
                    + " answered the same page as the call before it; paging stopped rather than load a page twice or loop");
        }
        previousDigest = digest;
        JsonNode answer = parse(response, request);
        if (errorAt != null && !answer.at(errorAt).isMissingNode() && !answer.at(errorAt).isNull()) {
            // A success that is not one (a result cut at the API's limit): reading on would lose records quietly.
            throw new FerryException("Stream " + stream + ": the answer says it failed at " + errorAt + ": "
                    + client.redaction().mask(answer.at(errorAt).toString()));
        }
        List<JsonNode> records = selector.select(answer, stream);
        lastRecord = records.isEmpty() ? null : records.getLast();
        read += records.size();
        nextRequest = following(answer, response, records.size());
        if (nextRequest != null && paging instanceof PagingDefinition.Cursor cursor && cursor.cap() > 0
                && read >= cursor.cap()) {
            // The query answers no further: the caller asks again from the last record.
            capped = true;
            nextRequest = null;
        }
        return records;
    }

    /** Whether the walk ended at the query's cap rather than at its last page. */
    public boolean capped() {
        return capped;
    }

    /** The last record read, or null. */
    public JsonNode lastRecord() {
        return lastRecord;
    }

    private ApiRequest firstRequest() {
        return switch (paging) {
            case PagingDefinition.Offset offsets -> withParams(offsetParams(offsets));
            case PagingDefinition.PageNumber numbered -> withParams(pageParams(numbered));
            default -> withParams(Map.of());
        };
    }

    private ApiRequest following(JsonNode answer, ApiResponse response, int records) {
        return switch (paging) {
            case PagingDefinition.None none -> null;
            case PagingDefinition.NextLink link -> {
                String next = text(answer.at(link.pointer()));
                yield next == null ? null : new ApiRequest(base.method(), position(response.uri().resolve(next)),
                        base.headers(), base.body() == null ? null : base.body().toString());
            }
            case PagingDefinition.LinkHeader header -> {
                String next = nextFromLinkHeader(response);
                yield next == null ? null : new ApiRequest(base.method(), position(response.uri().resolve(next)),
                        base.headers(), base.body() == null ? null : base.body().toString());
            }
            case PagingDefinition.Cursor cursor -> {
                if (records == 0 || records < cursor.size()) {
                    yield null;
                }
                JsonNode token = cursor.fromLastRecord() ? lastRecord.at(cursor.pointer()) : answer.at(cursor.pointer());
                if (token.isMissingNode() || token.isNull() || (token.isValueNode() && token.asText().isBlank())
                        || (token.isContainerNode() && token.isEmpty())) {
                    yield null;
                }
                position(token.isValueNode() ? token.asText() : token.toString());
                if (cursor.param() != null) {
                    yield withParams(Map.of(cursor.param(), token.isValueNode() ? token.asText() : token.toString()));
                }
                ObjectNode body = base.body() == null ? JSON.createObjectNode() : base.body().deepCopy();
                body.set(cursor.bodyField(), token);
                yield new ApiRequest(base.method(), base.uri(), base.headers(), body.toString());
            }
            case PagingDefinition.Offset offsets -> {
                if (records < offsets.limit()) {
                    yield null;
                }
                offset += records;
                yield withParams(offsetParams(offsets));
            }
            case PagingDefinition.PageNumber numbered -> {
                if (records == 0 || records < numbered.size()) {
                    yield null;
                }
                page++;
                yield withParams(pageParams(numbered));
            }
        };
    }

    private Map<String, String> offsetParams(PagingDefinition.Offset offsets) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(offsets.offsetParam(), Long.toString(offset));
        params.put(offsets.limitParam(), Integer.toString(offsets.limit()));
        return params;
    }

    private Map<String, String> pageParams(PagingDefinition.PageNumber numbered) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(numbered.pageParam(), Integer.toString(page));
        if (numbered.sizeParam() != null) {
            params.put(numbered.sizeParam(), Integer.toString(numbered.size()));
        }
        return params;
    }

    private ApiRequest withParams(Map<String, String> params) {
        return new ApiRequest(base.method(), QueryUris.with(base.uri(), params), base.headers(),
                base.body() == null ? null : base.body().toString());
    }

    /** Remembers a next link or cursor, failing when it came before: the API is sending the read in a circle. */
    private URI position(URI next) {
        position(next.toString());
        return next;
    }

    private void position(String next) {
        if (!seenPositions.add(next)) {
            throw new FerryException("Stream " + stream + ": the API gave a next page it gave before ("
                    + client.redaction().mask(next) + "); paging stopped rather than loop");
        }
    }

    private JsonNode parse(ApiResponse response, ApiRequest request) {
        try {
            JsonNode answer = JSON.readTree(response.body());
            if (answer == null || answer.isMissingNode()) {
                throw new IOException("empty body");
            }
            return answer;
        } catch (IOException e) {
            throw new FerryException("Stream " + stream + ": the answer is not JSON: "
                    + client.redaction().describe(request.method(), request.uri().toString(), response), e);
        }
    }

    private static String nextFromLinkHeader(ApiResponse response) {
        for (String value : response.headers().allValues("Link")) {
            Matcher matcher = NEXT_LINK.matcher(value);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        return null;
    }

    /** A next link or token: null when absent, null or empty. */
    private static String text(JsonNode node) {
        String text = JsonText.of(node);
        return text == null || text.isBlank() ? null : text;
    }

    private static byte[] digest(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
