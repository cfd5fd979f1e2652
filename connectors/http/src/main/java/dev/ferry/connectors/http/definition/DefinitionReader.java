package dev.ferry.connectors.http.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.api.ColumnType;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an API definition from YAML and checks it whole before any call is made: unknown fields,
 * missing ones, malformed templates, templates naming a setting the definition does not declare,
 * parents that do not exist or form a loop. Every problem names the file and the field's path.
 */
public final class DefinitionReader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, ColumnType> TYPES = types();

    private DefinitionReader() {
    }

    /** Reads the definition in {@code in}; {@code source} names it in problems (a file, a built-in provider). */
    public static ApiDefinition read(InputStream in, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new DefinitionException(source, "", "is not valid YAML: " + e.getMessage());
        }
        ApiDefinition definition = definition(new YamlNode(source, "", root));
        check(definition, new YamlNode(source, "", root));
        return definition;
    }

    private static ApiDefinition definition(YamlNode root) {
        root.object(Set.of("provider", "base_url", "settings", "headers", "auth", "limits", "check", "streams", "writes"));
        Map<String, SettingDefinition> settings = new LinkedHashMap<>();
        root.get("settings").entries().forEach((name, node) -> {
            node.object(Set.of("required", "secret", "default"));
            settings.put(name, new SettingDefinition(name, node.get("required").flag(false), node.get("secret").flag(false),
                    node.get("default").text()));
        });
        Map<String, Template> headers = templates(root.get("headers"));
        YamlNode check = root.get("check");
        List<StreamDefinition> streams = new ArrayList<>();
        Map<String, YamlNode> streamNodes = root.get("streams").entries();
        Map<String, WriteDefinition> writes = new LinkedHashMap<>();
        root.get("writes").entries().forEach((target, node) -> writes.put(target, write(target, node)));
        if (streamNodes.isEmpty() && writes.isEmpty()) {
            throw root.get("streams").problem("must declare at least one stream (or writes)");
        }
        streamNodes.forEach((name, node) -> streams.add(stream(name, node)));
        return new ApiDefinition(root.get("provider").requiredText(), root.get("base_url").text(), settings, headers,
                auth(root.get("auth")), limits(root.get("limits")), check.isMissing() ? null : checkPath(check),
                templates(check.get("headers")), streams, writes);
    }

    private static Template checkPath(YamlNode check) {
        check.object(Set.of("path", "headers"));
        return required(check.get("path"));
    }

    private static AuthDefinition auth(YamlNode node) {
        if (node.isMissing()) {
            return new AuthDefinition.None();
        }
        if (node.raw().isArray()) {
            List<AuthDefinition.Choice> choices = new ArrayList<>();
            List<YamlNode> items = node.items();
            for (int i = 0; i < items.size(); i++) {
                YamlNode item = items.get(i);
                String when = item.get("when").text();
                if (when == null && i < items.size() - 1) {
                    throw item.problem("only the last way to sign in may go without when: (the setting that chooses it)");
                }
                choices.add(new AuthDefinition.Choice(when, auth(withoutWhen(item))));
            }
            return new AuthDefinition.OneOf(choices);
        }
        String type = node.get("type").requiredText();
        return switch (type) {
            case "none" -> {
                node.object(Set.of("type"));
                yield new AuthDefinition.None();
            }
            case "api_key" -> {
                node.object(Set.of("type", "header", "query_param", "value"));
                String header = node.get("header").text();
                String param = node.get("query_param").text();
                if ((header == null) == (param == null)) {
                    throw node.problem("an api_key goes in exactly one of header or query_param");
                }
                yield new AuthDefinition.ApiKey(header, param, required(node.get("value")));
            }
            case "bearer" -> {
                node.object(Set.of("type", "token"));
                yield new AuthDefinition.Bearer(required(node.get("token")));
            }
            case "basic" -> {
                node.object(Set.of("type", "user", "password"));
                yield new AuthDefinition.Basic(required(node.get("user")), required(node.get("password")));
            }
            case "oauth2" -> {
                node.object(Set.of("type", "token_url", "grant", "client_id", "client_secret", "refresh_token", "scope",
                        "code", "redirect_uri"));
                String grant = node.get("grant").text("client_credentials");
                if (!Set.of("client_credentials", "refresh_token", "authorization_code").contains(grant)) {
                    throw node.get("grant").problem("is '" + grant + "'; one of client_credentials, refresh_token, authorization_code");
                }
                if (grant.equals("refresh_token") && node.get("refresh_token").isMissing()) {
                    throw node.problem("the refresh_token grant needs refresh_token");
                }
                if (grant.equals("authorization_code") && node.get("code").isMissing()) {
                    throw node.problem("the authorization_code grant needs code");
                }
                yield new AuthDefinition.OAuth2(required(node.get("token_url")), grant, required(node.get("client_id")),
                        required(node.get("client_secret")), node.get("refresh_token").template(), node.get("scope").template(),
                        node.get("code").template(), node.get("redirect_uri").template());
            }
            default -> throw node.get("type").problem("is '" + type + "'; one of none, api_key, bearer, basic, oauth2");
        };
    }

    /** An auth choice's own fields, without the when: that picks it. */
    private static YamlNode withoutWhen(YamlNode item) {
        if (item.raw() == null || !item.raw().isObject()) {
            throw item.problem("must be a map");
        }
        com.fasterxml.jackson.databind.node.ObjectNode copy = ((com.fasterxml.jackson.databind.node.ObjectNode) item.raw()).deepCopy();
        copy.remove("when");
        return new YamlNode(item.source(), item.path(), copy);
    }

    private static LimitsDefinition limits(YamlNode node) {
        if (node.isMissing()) {
            return LimitsDefinition.DEFAULT;
        }
        node.object(Set.of("requests", "per", "remaining_header", "window_header", "timeout", "retries", "max_wait"));
        LimitsDefinition defaults = LimitsDefinition.DEFAULT;
        return new LimitsDefinition(node.get("requests").wholeNumber(0, 0), node.get("per").duration(defaults.per()),
                node.get("remaining_header").text(), node.get("window_header").text(),
                node.get("timeout").duration(defaults.timeout()), node.get("retries").wholeNumber(defaults.retries(), 0),
                node.get("max_wait").duration(defaults.maxWait()));
    }

    private static StreamDefinition stream(String name, YamlNode node) {
        node.object(Set.of("method", "path", "query", "headers", "body", "records", "key", "paginate", "windows",
                "incremental", "parent", "on_status", "fields", "error_at"));
        String method = node.get("method").text("GET").toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            throw node.get("method").problem("is " + method + "; a stream reads with GET or POST");
        }
        YamlNode body = node.get("body");
        if (!body.isMissing()) {
            checkBodyTemplates(body);
        }
        List<String> key = new ArrayList<>();
        YamlNode keyNode = node.get("key");
        if (keyNode.isText()) {
            key.add(keyNode.text());
        } else {
            keyNode.items().forEach(item -> key.add(item.requiredText()));
        }
        Map<Integer, StatusAction> onStatus = new LinkedHashMap<>();
        node.get("on_status").entries().forEach((status, action) -> {
            int code;
            try {
                code = Integer.parseInt(status);
            } catch (NumberFormatException e) {
                throw action.problem("is not an HTTP status");
            }
            if (code < 400 || code > 599 || code == 401 || code == 429) {
                throw action.problem("an action is for a 4xx or 5xx status other than 401 and 429, which always stop or wait");
            }
            onStatus.put(code, switch (action.requiredText()) {
                case "skip" -> StatusAction.SKIP;
                case "empty" -> StatusAction.EMPTY;
                case "fail" -> StatusAction.FAIL;
                default -> throw action.problem("is '" + action.text() + "'; one of skip, empty, fail");
            });
        });
        List<FieldDefinition> fields = new ArrayList<>();
        node.get("fields").entries().forEach((field, spec) -> fields.add(field(field, spec)));
        return new StreamDefinition(name, method, required(node.get("path")), templates(node.get("query")),
                templates(node.get("headers")), body.isMissing() ? null : body.raw(), records(node.get("records")), key,
                paging(node.get("paginate")),
                windows(node.get("windows")), incremental(node.get("incremental")), parent(node.get("parent")), onStatus,
                fields, node.get("error_at").isMissing() ? null : pointer(node.get("error_at")));
    }

    private static WriteDefinition write(String target, YamlNode node) {
        node.object(Set.of("headers", "upsert", "create", "update", "delete", "lookup", "batch", "clear"));
        OperationDefinition upsert = operation(node.get("upsert"), true);
        OperationDefinition create = operation(node.get("create"), true);
        BatchDefinition batch = batch(node.get("batch"));
        if (upsert == null && create == null && batch == null) {
            throw node.problem("writes need an upsert, a create or a batch");
        }
        YamlNode lookup = node.get("lookup");
        LookupDefinition found = null;
        if (!lookup.isMissing()) {
            lookup.object(Set.of("method", "path", "query", "body", "records", "id", "match"));
            Map<String, Template> match = new LinkedHashMap<>();
            lookup.get("match").entries().forEach((field, value) -> {
                if (!field.startsWith("/")) {
                    throw value.problem("match names a field by its JSON Pointer, starting with /");
                }
                match.put(field, value.template());
            });
            if (!lookup.get("body").isMissing()) {
                checkBodyTemplates(lookup.get("body"));
            }
            found = new LookupDefinition(lookup.get("method").text("GET").toUpperCase(Locale.ROOT), required(lookup.get("path")),
                    templates(lookup.get("query")), lookup.get("body").isMissing() ? null : lookup.get("body").raw(),
                    lookup.get("records").text(""), pointer(lookup.get("id")), match);
        }
        return new WriteDefinition(target, templates(node.get("headers")), upsert, create,
                operation(node.get("update"), false), operation(node.get("delete"), false), found, batch,
                operation(node.get("clear"), false));
    }

    private static BatchDefinition batch(YamlNode node) {
        if (node.isMissing()) {
            return null;
        }
        node.object(Set.of("method", "path", "body", "inputs", "item", "size", "results", "id", "match"));
        YamlNode item = node.get("item");
        if (item.isMissing()) {
            throw item.problem("is required: the body template of one record");
        }
        checkBodyTemplates(item);
        if (!node.get("body").isMissing()) {
            checkBodyTemplates(node.get("body"));
        }
        String inputs = node.get("inputs").text("/inputs");
        if (!inputs.startsWith("/") || inputs.length() < 2) {
            throw node.get("inputs").problem("is the JSON Pointer of the body's array of records, as /inputs");
        }
        Map<String, Template> match = new LinkedHashMap<>();
        node.get("match").entries().forEach((field, value) -> {
            if (!field.startsWith("/")) {
                throw value.problem("match names a field by its JSON Pointer, starting with /");
            }
            match.put(field, value.template());
        });
        String id = node.get("id").text();
        if (id != null && !id.startsWith("/")) {
            throw node.get("id").problem("is a JSON Pointer, starting with /");
        }
        return new BatchDefinition(node.get("method").text("POST").toUpperCase(Locale.ROOT), required(node.get("path")),
                node.get("body").isMissing() ? null : node.get("body").raw(), inputs, item.raw(),
                node.get("size").wholeNumber(100, 1), node.get("results").text("/results"), id, match);
    }

    /** A write call; {@code answersId}: a create or upsert, whose answer must say the object's id. */
    private static OperationDefinition operation(YamlNode node, boolean answersId) {
        if (node.isMissing()) {
            return null;
        }
        node.object(answersId ? Set.of("method", "path", "query", "body", "id") : Set.of("method", "path", "query", "body", "etag"));
        String method = node.get("method").requiredText().toUpperCase(Locale.ROOT);
        if (!Set.of("POST", "PUT", "PATCH", "DELETE").contains(method)) {
            throw node.get("method").problem("is " + method + "; a write is POST, PUT, PATCH or DELETE");
        }
        YamlNode body = node.get("body");
        if (!body.isMissing()) {
            checkBodyTemplates(body);
        }
        OperationDefinition.Etag etag = null;
        YamlNode etagNode = node.get("etag");
        if (!etagNode.isMissing()) {
            etagNode.object(Set.of("path", "pointer"));
            etag = new OperationDefinition.Etag(required(etagNode.get("path")), pointer(etagNode.get("pointer")));
        }
        return new OperationDefinition(method, required(node.get("path")), templates(node.get("query")),
                body.isMissing() ? null : body.raw(), answersId ? pointer(node.get("id")) : null, etag);
    }

    private static FieldDefinition field(String name, YamlNode spec) {
        String typeName;
        String pointer = "/" + name.replace("~", "~0").replace("/", "~1");
        if (spec.isText()) {
            typeName = spec.text();
        } else {
            spec.object(Set.of("type", "pointer"));
            typeName = spec.get("type").requiredText();
            String given = spec.get("pointer").text();
            if (given != null) {
                if (!given.isEmpty() && !given.startsWith("/")) {
                    throw spec.get("pointer").problem("is a JSON Pointer, starting with /");
                }
                pointer = given;
            }
        }
        ColumnType type = TYPES.get(typeName.toLowerCase(Locale.ROOT));
        if (type == null) {
            throw (spec.isText() ? spec : spec.get("type")).problem("is '" + typeName + "'; one of "
                    + String.join(", ", TYPES.keySet()));
        }
        return new FieldDefinition(name, type, pointer);
    }

    private static PagingDefinition paging(YamlNode node) {
        if (node.isMissing()) {
            return new PagingDefinition.None();
        }
        String type = node.get("type").requiredText();
        return switch (type) {
            case "none" -> {
                node.object(Set.of("type"));
                yield new PagingDefinition.None();
            }
            case "next_link" -> {
                node.object(Set.of("type", "pointer"));
                yield new PagingDefinition.NextLink(pointer(node.get("pointer")));
            }
            case "link_header" -> {
                node.object(Set.of("type"));
                yield new PagingDefinition.LinkHeader();
            }
            case "cursor" -> {
                node.object(Set.of("type", "pointer", "param", "body_field", "from_last_record", "size", "cap"));
                String param = node.get("param").text();
                String bodyField = node.get("body_field").text();
                if ((param == null) == (bodyField == null)) {
                    throw node.problem("a cursor goes back in exactly one of param or body_field");
                }
                yield new PagingDefinition.Cursor(pointer(node.get("pointer")), param, bodyField,
                        node.get("from_last_record").flag(false), node.get("size").wholeNumber(0, 1),
                        node.get("cap").wholeNumber(0, 1));
            }
            case "offset" -> {
                node.object(Set.of("type", "offset_param", "limit_param", "limit"));
                yield new PagingDefinition.Offset(node.get("offset_param").text("offset"),
                        node.get("limit_param").text("limit"), node.get("limit").wholeNumber(100, 1));
            }
            case "page_number" -> {
                node.object(Set.of("type", "page_param", "first", "size_param", "size"));
                yield new PagingDefinition.PageNumber(node.get("page_param").text("page"), node.get("first").wholeNumber(1, 0),
                        node.get("size_param").text(), node.get("size").wholeNumber(100, 1));
            }
            default -> throw node.get("type").problem("is '" + type
                    + "'; one of none, next_link, link_header, cursor, offset, page_number");
        };
    }

    private static WindowDefinition windows(YamlNode node) {
        if (node.isMissing()) {
            return null;
        }
        node.object(Set.of("start_param", "end_param", "format", "days", "from", "to"));
        String format = node.get("format").text("yyyy-MM-dd");
        if (!format.equals("epoch_ms")) {
            try {
                java.time.format.DateTimeFormatter.ofPattern(format);
            } catch (IllegalArgumentException e) {
                throw node.get("format").problem("is not a date pattern: " + e.getMessage());
            }
        }
        return new WindowDefinition(node.get("start_param").requiredText(), node.get("end_param").requiredText(), format,
                node.get("days").wholeNumber(30, 1), required(node.get("from")), required(node.get("to")));
    }

    private static IncrementalDefinition incremental(YamlNode node) {
        if (node.isMissing()) {
            return null;
        }
        node.object(Set.of("field", "param", "format", "sorted", "start"));
        String format = node.get("format").text("iso");
        if (!format.equals("iso") && !format.equals("epoch_ms")) {
            try {
                java.time.format.DateTimeFormatter.ofPattern(format);
            } catch (IllegalArgumentException e) {
                throw node.get("format").problem("is iso, epoch_ms or a date pattern: " + e.getMessage());
            }
        }
        return new IncrementalDefinition(node.get("field").requiredText(), node.get("param").text(), format,
                node.get("sorted").flag(false), node.get("start").text());
    }

    private static ParentDefinition parent(YamlNode node) {
        if (node.isMissing()) {
            return null;
        }
        node.object(Set.of("stream", "requires", "copy"));
        Map<String, String> copy = new LinkedHashMap<>();
        node.get("copy").entries().forEach((column, field) -> copy.put(column, field.requiredText()));
        return new ParentDefinition(node.get("stream").requiredText(), node.get("requires").text(), copy);
    }

    /** Where an answer's records are: a JSON Pointer, or the simple JSONPath of the same place. */
    private static String records(YamlNode node) {
        String records = node.text("");
        if (records.startsWith("$")) {
            try {
                new dev.ferry.connectors.http.records.RecordSelector(records);
            } catch (IllegalArgumentException e) {
                throw node.problem(e.getMessage());
            }
        } else if (!records.isEmpty() && !records.startsWith("/")) {
            throw node.problem("is a JSON Pointer (/data) or a JSONPath ($.data)");
        }
        return records;
    }

    private static String pointer(YamlNode node) {
        String pointer = node.requiredText();
        if (!pointer.startsWith("/")) {
            throw node.problem("is a JSON Pointer, starting with /");
        }
        return pointer;
    }

    private static Template required(YamlNode node) {
        node.requiredText();
        return node.template();
    }

    private static Map<String, Template> templates(YamlNode node) {
        Map<String, Template> templates = new LinkedHashMap<>();
        node.entries().forEach((name, value) -> templates.put(name, value.template()));
        return java.util.Collections.unmodifiableMap(templates);
    }

    private static void checkBodyTemplates(YamlNode body) {
        if (body.raw().isTextual()) {
            body.template();
        } else if (body.raw().isObject()) {
            body.entries().values().forEach(DefinitionReader::checkBodyTemplates);
        } else if (body.raw().isArray()) {
            body.items().forEach(DefinitionReader::checkBodyTemplates);
        }
    }

    /** What only the whole definition can tell: parents, keys, and the names templates use. */
    private static void check(ApiDefinition definition, YamlNode root) {
        Set<String> settings = definition.settings().keySet();
        definition.headers().forEach((name, template) -> checkNames(template, root.get("headers").get(name), settings, Set.of()));
        checkAuthNames(definition.auth(), root.get("auth"), settings);
        for (StreamDefinition stream : definition.streams()) {
            YamlNode node = root.get("streams").get(stream.name());
            Set<String> scopes = new HashSet<>();
            if (stream.parent() != null) {
                StreamDefinition parent = definition.stream(stream.parent().stream());
                if (parent == null) {
                    throw node.get("parent").get("stream").problem("names no stream of this definition");
                }
                checkNoLoop(definition, stream, node);
                scopes.add("parent");
            }
            if (stream.incremental() != null) {
                scopes.add("since");
                if (!stream.fields().isEmpty() && stream.fields().stream().noneMatch(f -> f.name().equals(stream.incremental().field()))) {
                    throw node.get("incremental").get("field").problem("is not one of the stream's fields");
                }
            }
            if (stream.windows() != null) {
                scopes.add("window");
                checkNames(stream.windows().from(), node.get("windows").get("from"), settings, Set.of());
                checkNames(stream.windows().to(), node.get("windows").get("to"), settings, Set.of());
            }
            for (String key : stream.key()) {
                if (!stream.fields().isEmpty() && stream.fields().stream().noneMatch(f -> f.name().equals(key))
                        && (stream.parent() == null || !stream.parent().copy().containsKey(key))) {
                    throw node.get("key").problem("names " + key + ", which is not one of the stream's fields");
                }
            }
            checkNames(stream.path(), node.get("path"), settings, scopes);
            stream.query().forEach((name, template) -> checkNames(template, node.get("query").get(name), settings, scopes));
            if (stream.body() != null) {
                checkBodyNames(node.get("body"), settings, scopes);
            }
        }
        if (definition.checkPath() != null) {
            checkNames(definition.checkPath(), root.get("check").get("path"), settings, Set.of());
        }
        for (WriteDefinition write : definition.writes().values()) {
            YamlNode node = root.get("writes").get(write.target());
            write.headers().forEach((name, template) -> checkNames(template, node.get("headers").get(name), settings, Set.of()));
            Set<String> targets = definition.writes().keySet();
            checkOperation(write.upsert(), node.get("upsert"), settings, targets, false);
            checkOperation(write.create(), node.get("create"), settings, targets, false);
            checkOperation(write.update(), node.get("update"), settings, targets, true);
            checkOperation(write.delete(), node.get("delete"), settings, targets, true);
            checkOperation(write.clear(), node.get("clear"), settings, targets, false);
            if (write.batch() != null) {
                YamlNode batch = node.get("batch");
                checkWriteNames(write.batch().path(), batch.get("path"), settings, targets, false);
                checkWriteBody(batch.get("item"), settings, targets, false);
                write.batch().match().forEach((field, template) -> checkWriteNames(template, batch.get("match").get(field),
                        settings, targets, false));
            }
            if (write.lookup() != null) {
                YamlNode lookup = node.get("lookup");
                checkWriteNames(write.lookup().path(), lookup.get("path"), settings, targets, false);
                write.lookup().query().forEach((name, template) -> checkWriteNames(template, lookup.get("query").get(name),
                        settings, targets, false));
                if (write.lookup().body() != null) {
                    checkWriteBody(lookup.get("body"), settings, targets, false);
                }
                write.lookup().match().forEach((field, template) -> checkWriteNames(template, lookup.get("match").get(field),
                        settings, targets, false));
            }
        }
    }

    private static void checkOperation(OperationDefinition operation, YamlNode node, Set<String> settings, Set<String> targets,
                                       boolean hasRemote) {
        if (operation == null) {
            return;
        }
        checkWriteNames(operation.path(), node.get("path"), settings, targets, hasRemote);
        if (operation.etag() != null) {
            checkWriteNames(operation.etag().path(), node.get("etag").get("path"), settings, targets, hasRemote);
        }
        operation.query().forEach((name, template) -> checkWriteNames(template, node.get("query").get(name), settings, targets,
                hasRemote));
        if (operation.body() != null) {
            checkWriteBody(node.get("body"), settings, targets, hasRemote);
        }
    }

    private static void checkWriteBody(YamlNode body, Set<String> settings, Set<String> targets, boolean hasRemote) {
        if (body.raw().isTextual()) {
            checkWriteNames(body.template(), body, settings, targets, hasRemote);
        } else if (body.raw().isObject()) {
            body.entries().values().forEach(child -> checkWriteBody(child, settings, targets, hasRemote));
        } else if (body.raw().isArray()) {
            body.items().forEach(child -> checkWriteBody(child, settings, targets, hasRemote));
        }
    }

    private static void checkWriteNames(Template template, YamlNode node, Set<String> settings, Set<String> targets,
                                        boolean hasRemote) {
        for (String name : template.names()) {
            String[] parts = name.split("\\.", 3);
            boolean known = switch (parts[0]) {
                case "config" -> parts.length == 2 && settings.contains(parts[1]);
                case "record" -> true;
                case "target" -> parts.length == 1;
                case "remote" -> hasRemote && name.equals("remote.id");
                case "ref" -> parts.length == 3 && targets.contains(parts[1]);
                default -> false;
            };
            if (!known) {
                throw node.problem("{{" + name + "}} names nothing here: writes use {{config.<setting>}}, {{record.<column>}} "
                        + "(or {{record}}, the whole record), {{target}}, "
                        + "{{ref.<target>.<column>}} of a target written by this definition, and {{remote.id}} in an "
                        + "update or delete");
            }
        }
    }

    private static void checkAuthNames(AuthDefinition auth, YamlNode node, Set<String> settings) {
        switch (auth) {
            case AuthDefinition.ApiKey key -> checkNames(key.value(), node.get("value"), settings, Set.of());
            case AuthDefinition.Bearer bearer -> checkNames(bearer.token(), node.get("token"), settings, Set.of());
            case AuthDefinition.Basic basic -> {
                checkNames(basic.user(), node.get("user"), settings, Set.of());
                checkNames(basic.password(), node.get("password"), settings, Set.of());
            }
            case AuthDefinition.OneOf oneOf -> {
                for (int i = 0; i < oneOf.choices().size(); i++) {
                    AuthDefinition.Choice choice = oneOf.choices().get(i);
                    YamlNode item = node.items().get(i);
                    if (choice.when() != null && !settings.contains(choice.when())) {
                        throw item.get("when").problem("names no setting of this definition");
                    }
                    checkAuthNames(choice.auth(), item, settings);
                }
            }
            case AuthDefinition.OAuth2 oauth -> {
                checkNames(oauth.tokenUrl(), node.get("token_url"), settings, Set.of());
                if (oauth.code() != null) {
                    checkNames(oauth.code(), node.get("code"), settings, Set.of());
                }
                if (oauth.redirectUri() != null) {
                    checkNames(oauth.redirectUri(), node.get("redirect_uri"), settings, Set.of());
                }
                checkNames(oauth.clientId(), node.get("client_id"), settings, Set.of());
                checkNames(oauth.clientSecret(), node.get("client_secret"), settings, Set.of());
                if (oauth.refreshToken() != null) {
                    checkNames(oauth.refreshToken(), node.get("refresh_token"), settings, Set.of());
                }
                if (oauth.scope() != null) {
                    checkNames(oauth.scope(), node.get("scope"), settings, Set.of());
                }
            }
            case AuthDefinition.None none -> {
            }
        }
    }

    private static void checkBodyNames(YamlNode body, Set<String> settings, Set<String> scopes) {
        if (body.raw().isTextual()) {
            checkNames(body.template(), body, settings, scopes);
        } else if (body.raw().isObject()) {
            body.entries().values().forEach(child -> checkBodyNames(child, settings, scopes));
        } else if (body.raw().isArray()) {
            body.items().forEach(child -> checkBodyNames(child, settings, scopes));
        }
    }

    private static void checkNames(Template template, YamlNode node, Set<String> settings, Set<String> scopes) {
        for (String name : template.names()) {
            String scope = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            String rest = name.contains(".") ? name.substring(name.indexOf('.') + 1) : null;
            boolean known = switch (scope) {
                case "config" -> rest != null && settings.contains(rest);
                case "parent" -> scopes.contains("parent") && rest != null;
                case "since" -> scopes.contains("since") && rest == null;
                case "window" -> scopes.contains("window") && ("start".equals(rest) || "end".equals(rest));
                default -> false;
            };
            if (!known) {
                throw node.problem("{{" + name + "}} names nothing here: templates use {{config.<setting>}} of a declared "
                        + "setting, {{parent.<field>}} in a child stream, {{since}} in an incremental stream, "
                        + "{{window.start}} and {{window.end}} in a windowed one");
            }
        }
    }

    private static void checkNoLoop(ApiDefinition definition, StreamDefinition stream, YamlNode node) {
        Set<String> seen = new HashSet<>();
        StreamDefinition at = stream;
        while (at.parent() != null) {
            if (!seen.add(at.name())) {
                throw node.get("parent").problem("parents form a loop through " + String.join(" → ", seen));
            }
            at = definition.stream(at.parent().stream());
            if (at == null) {
                return;
            }
        }
    }

    private static Map<String, ColumnType> types() {
        Map<String, ColumnType> types = new LinkedHashMap<>();
        types.put("boolean", ColumnType.BOOLEAN);
        types.put("integer", ColumnType.BIGINT);
        types.put("decimal", ColumnType.DECIMAL);
        types.put("double", ColumnType.DOUBLE);
        types.put("text", ColumnType.TEXT);
        types.put("date", ColumnType.DATE);
        types.put("timestamp", ColumnType.TIMESTAMP);
        types.put("timestamptz", ColumnType.TIMESTAMP_TZ);
        types.put("uuid", ColumnType.UUID);
        types.put("json", ColumnType.JSON);
        return types;
    }
}
