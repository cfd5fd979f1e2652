package dev.ferry.server.ui.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.server.http.Json;
import io.javalin.http.Context;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Everything chosen in the pipeline wizard, carried by its one form from request to request, and
 * the pipeline YAML it makes. The YAML names the stored connections as source and destination, so
 * their secrets stay in the encrypted store.
 *
 * @param naming       defaults.naming: as_is, snake_case or lower_case
 * @param scheduleKind none, every or cron
 */
public record WizardForm(String pipeline, String source, String destination, String naming, List<WizardTable> tables,
                         String scheduleKind, String every, String cron, String timezone) {
    public static final List<String> NAMINGS = List.of("as_is", "snake_case", "lower_case");

    public WizardForm {
        tables = List.copyOf(tables);
    }

    /** Reads the form: the tables are numbered fields {@code object.N}, {@code include.N}, ... */
    public static WizardForm read(Context ctx) {
        List<WizardTable> tables = new ArrayList<>();
        int count = parseCount(ctx.formParam("tables"));
        for (int i = 0; i < count; i++) {
            String object = ctx.formParam("object." + i);
            if (object == null) {
                continue;
            }
            tables.add(new WizardTable(object, ctx.formParams("columns." + i), split(ctx.formParam("primary." + i)),
                    ctx.formParam("include." + i) != null, text(ctx.formParam("dest." + i)),
                    oneOf(ctx.formParam("sync." + i), WizardTable.SYNC_MODES), text(ctx.formParam("key." + i)),
                    text(ctx.formParam("cursor." + i)), oneOf(ctx.formParam("deletes." + i), WizardTable.DELETES)));
        }
        return new WizardForm(text(ctx.formParam("pipeline")), text(ctx.formParam("source")),
                text(ctx.formParam("destination")), oneOf(ctx.formParam("naming"), NAMINGS), tables,
                oneOf(ctx.formParam("schedule"), List.of("none", "every", "cron")), text(ctx.formParam("every")),
                text(ctx.formParam("cron")), text(ctx.formParam("timezone")));
    }

    /** The pipeline YAML of the included tables. */
    public String yaml() {
        return yaml(table -> table.include());
    }

    /** The YAML of one table only, for a preview that should not fail on another table's mistakes. */
    public String yamlOf(WizardTable only) {
        return yaml(table -> table == only);
    }

    private String yaml(Predicate<WizardTable> chosen) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("pipeline: ").append(quote(pipeline)).append('\n');
        yaml.append("source: ").append(quote(source)).append('\n');
        yaml.append("destination: ").append(quote(destination)).append('\n');
        if (!"as_is".equals(naming)) {
            yaml.append("defaults:\n  naming: ").append(naming).append('\n');
        }
        yaml.append("streams:\n");
        for (WizardTable table : tables) {
            if (!chosen.test(table)) {
                continue;
            }
            yaml.append("  - table: ").append(quote(table.object())).append('\n');
            if (!table.destinationTable().isEmpty() && !table.destinationTable().equals(table.streamName())) {
                yaml.append("    destination_table: ").append(quote(table.destinationTable())).append('\n');
            }
            yaml.append("    sync: ").append(table.sync()).append('\n');
            List<String> key = split(table.key());
            if (!key.isEmpty() && !key.equals(table.primaryKey())) {
                yaml.append("    key: [").append(String.join(", ", key.stream().map(WizardForm::quote).toList())).append("]\n");
            }
            if (key.isEmpty() && table.primaryKey().isEmpty() && "full_refresh".equals(table.sync())) {
                yaml.append("    write: overwrite\n"); // without a key, rows cannot be matched: replace the table
            }
            if ("incremental".equals(table.sync()) && !table.cursor().isEmpty()) {
                yaml.append("    cursor: ").append(quote(table.cursor())).append('\n');
            }
            if (!"none".equals(table.deletes())) {
                yaml.append("    deletes: ").append(table.deletes()).append('\n');
            }
        }
        if ("every".equals(scheduleKind)) {
            yaml.append("schedule:\n  every: ").append(quote(every)).append('\n');
        } else if ("cron".equals(scheduleKind)) {
            yaml.append("schedule:\n  cron: ").append(quote(cron)).append('\n');
            if (!timezone.isEmpty()) {
                yaml.append("  timezone: ").append(quote(timezone)).append('\n');
            }
        }
        return yaml.toString();
    }

    /** A YAML double-quoted scalar: JSON's string syntax is YAML's, so no value can break out of it. */
    static String quote(String value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> split(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(part -> !part.isEmpty()).toList();
    }

    private static int parseCount(String text) {
        try {
            return Math.min(Math.max(Integer.parseInt(text == null ? "0" : text.strip()), 0), 10_000);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String oneOf(String value, List<String> allowed) {
        return value != null && allowed.contains(value) ? value : allowed.getFirst();
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
