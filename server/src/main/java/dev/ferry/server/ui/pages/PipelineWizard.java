package dev.ferry.server.ui.pages;

import dev.ferry.api.FerryException;
import dev.ferry.api.Source;
import dev.ferry.engine.config.loader.ConfigException;
import dev.ferry.engine.config.loader.ConfigProblem;
import dev.ferry.engine.connect.ConnectorRegistry;
import dev.ferry.server.audit.AuditLog;
import dev.ferry.server.auth.Caller;
import dev.ferry.server.auth.Role;
import dev.ferry.server.connections.ConnectionService;
import dev.ferry.server.connections.StoredConnection;
import dev.ferry.server.pipelines.PipelineCatalog;
import dev.ferry.server.pipelines.PipelinePreview;
import dev.ferry.server.ui.Chrome;
import dev.ferry.server.ui.Templates;
import dev.ferry.server.ui.UiPaths;
import dev.ferry.server.ui.auth.UiAuth;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "Build a pipeline from a connection": pick the pipeline's name and its source and destination
 * connections; then, on one page, the tables (from a discovery of the source), their destination
 * names, sync mode, key and cursor, a preview of ten transformed rows of one of them, and a
 * schedule; then create. Creating stores the generated YAML as {@code PUT /api/pipelines/{name}}
 * does (admin, audited the same way), after the same validation, whose located problems are shown
 * under their lines instead. The preview is {@code POST /api/preview}'s.
 */
public final class PipelineWizard {
    static final int PREVIEW_ROWS = 10;

    private final ConnectionService connections;
    private final PipelineCatalog pipelines;
    private final ConnectorRegistry connectors;
    private final AuditLog audit;
    private final Templates templates;

    public PipelineWizard(ConnectionService connections, PipelineCatalog pipelines, ConnectorRegistry connectors,
                          AuditLog audit, Templates templates) {
        this.connections = connections;
        this.pipelines = pipelines;
        this.connectors = connectors;
        this.audit = audit;
        this.templates = templates;
    }

    /** Step 1: the name and the two connections. */
    public void start(Context ctx) {
        UiAuth.require(ctx, Role.ADMIN);
        renderStart(ctx, ctx.queryParam("pipeline"), ctx.queryParam("source"), ctx.queryParam("destination"), null);
    }

    /** Step 2: discovers the source and offers its tables with defaults from the discovery. */
    public void tables(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.ADMIN).caller(ctx.ip());
        String pipeline = text(ctx.queryParam("pipeline"));
        String source = text(ctx.queryParam("source"));
        String destination = text(ctx.queryParam("destination"));
        String problem = pipeline.isEmpty() ? "Give the pipeline a name"
                : !pipeline.matches("[A-Za-z0-9_.-]+") ? "A pipeline name has letters, digits, '_', '.' and '-' only"
                : pipelines.find(pipeline).isPresent() ? "A pipeline named " + pipeline + " exists already"
                : connections.find(source).isEmpty() ? "Choose a stored connection as the source"
                : connections.find(destination).isEmpty() ? "Choose a stored connection as the destination" : null;
        if (problem != null) {
            ctx.status(400);
            renderStart(ctx, pipeline, source, destination, problem);
            return;
        }
        ConnectionService.Discovery discovery = connections.discover(source);
        audit.record(caller, "connection.discover", source, discovery.ok() ? "ok" : "failed",
                discovery.ok() ? discovery.streams().size() + " streams" : discovery.error());
        if (!discovery.ok() || discovery.streams().isEmpty()) {
            ctx.status(discovery.ok() ? 400 : 502);
            renderStart(ctx, pipeline, source, destination, discovery.ok() ? source + " offers no tables"
                    : "Discovering " + source + " failed: " + discovery.error());
            return;
        }
        boolean changes = readsChanges(source);
        List<WizardTable> tables = discovery.streams().stream().map(stream -> WizardTable.fromDiscovery(stream, changes))
                .toList();
        renderChoices(ctx, new WizardForm(pipeline, source, destination, "as_is", tables, "none", "1h", "", ""), null);
    }

    /** The preview of one table's stream as a fragment: ten rows as they would be written. */
    public void preview(Context ctx) {
        UiAuth.require(ctx, Role.ADMIN);
        WizardForm form = WizardForm.read(ctx);
        int index = index(ctx.formParam("preview"), form.tables().size());
        WizardTable table = form.tables().get(index);
        PreviewTable preview;
        try {
            preview = PreviewTable.of(PipelinePreview.of(pipelines, form.yamlOf(table), table.streamName(), PREVIEW_ROWS,
                    connectors));
        } catch (ConfigException invalid) {
            preview = PreviewTable.failed(table.streamName(), invalid.problems().stream().map(ConfigProblem::message)
                    .reduce((a, b) -> a + "; " + b).orElse("the stream is not valid"));
        } catch (FerryException | java.util.NoSuchElementException e) {
            preview = PreviewTable.failed(table.streamName(), e.getMessage());
        }
        templates.render(ctx, "wizard_preview.jte", Map.of("preview", preview));
    }

    /** The generated YAML and its problems, as a fragment. */
    public void yaml(Context ctx) {
        UiAuth.require(ctx, Role.ADMIN);
        templates.render(ctx, "wizard_yaml.jte", Map.of("check", check(WizardForm.read(ctx))));
    }

    /** Validates and stores the pipeline, then goes to its page; with problems, the page again with them in place. */
    public void create(Context ctx) {
        Caller caller = UiAuth.require(ctx, Role.ADMIN).caller(ctx.ip());
        WizardForm form = WizardForm.read(ctx);
        YamlCheck check = check(form);
        String name = form.pipeline();
        if (!check.valid()) {
            audit.record(caller, "pipeline.save", name, "refused", "problem(s) in the YAML");
            ctx.status(422);
            renderChoices(ctx, form, check);
            return;
        }
        try {
            pipelines.save(name, check.yaml(), caller.name());
        } catch (ConfigException invalid) {
            audit.record(caller, "pipeline.save", name, "refused", invalid.problems().size() + " problem(s) in the YAML");
            ctx.status(422);
            renderChoices(ctx, form, YamlCheck.of(check.yaml(), invalid.problems()));
            return;
        } catch (PipelineCatalog.PipelineChangeRefused refused) {
            audit.record(caller, "pipeline.save", name, "refused", refused.getMessage());
            throw new HttpResponseException(refused.reason() == PipelineCatalog.PipelineChangeRefused.Reason.READ_ONLY
                    ? 409 : 400, refused.getMessage());
        }
        audit.record(caller, "pipeline.create", name, "ok",
                check.yaml().getBytes(StandardCharsets.UTF_8).length + " bytes of YAML");
        PipelineActions.goTo(ctx, UiPaths.pipeline(name));
    }

    /** The YAML of the form and what validation finds in it, as a save would; nothing is stored. */
    YamlCheck check(WizardForm form) {
        String yaml = form.yaml();
        if (form.tables().stream().noneMatch(WizardTable::include)) {
            return YamlCheck.of(yaml, List.of(problem(form, "streams", "choose at least one table")));
        }
        if (pipelines.find(form.pipeline()).isPresent()) {
            return YamlCheck.of(yaml, List.of(problem(form, "pipeline", "a pipeline named " + form.pipeline()
                    + " exists already; choose another name")));
        }
        try {
            pipelines.parseStored(form.pipeline(), yaml);
            return YamlCheck.of(yaml, List.of());
        } catch (ConfigException invalid) {
            return YamlCheck.of(yaml, invalid.problems());
        }
    }

    private static ConfigProblem problem(WizardForm form, String field, String message) {
        return new ConfigProblem(Path.of("api:" + form.pipeline()), field.equals("pipeline") ? 1 : 0, 1, field, message);
    }

    private void renderStart(Context ctx, String pipeline, String source, String destination, String error) {
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", Chrome.of("Build a pipeline", "Connections", UiAuth.session(ctx)));
        params.put("connections", connections.list().stream().map(StoredConnection::name).toList());
        params.put("pipeline", pipeline == null ? "" : pipeline);
        params.put("source", source == null ? "" : source);
        params.put("destination", destination == null ? "" : destination);
        params.put("error", error);
        templates.render(ctx, "wizard_start.jte", params);
    }

    private void renderChoices(Context ctx, WizardForm form, YamlCheck check) {
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", Chrome.of("Build pipeline " + form.pipeline(), "Connections", UiAuth.session(ctx)));
        params.put("form", form);
        params.put("check", check);
        templates.render(ctx, "wizard.jte", params);
    }

    /** Whether the source keeps a change log that {@code sync: changes} reads; false when that cannot be told. */
    private boolean readsChanges(String connection) {
        try {
            var config = connections.resolve(connection).orElse(null);
            if (config == null) {
                return false;
            }
            try (Source source = connectors.openSource(config)) {
                return source.readsChanges();
            }
        } catch (RuntimeException e) {
            return false; // discovery just worked; a default is all that is at stake here
        }
    }

    private static int index(String text, int size) {
        try {
            int index = Integer.parseInt(text == null ? "" : text.strip());
            if (index >= 0 && index < size) {
                return index;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new HttpResponseException(400, "Choose a table to preview");
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
