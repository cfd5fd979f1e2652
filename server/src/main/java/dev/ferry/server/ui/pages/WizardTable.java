package dev.ferry.server.ui.pages;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.DiscoveredStream;

import java.util.List;
import java.util.Locale;

/**
 * One discovered table in the pipeline wizard and what the user chose for it.
 *
 * @param object           the source's name for it, as a stream's {@code table}
 * @param columns          its columns, for the cursor's choices
 * @param primaryKey       the key discovery found; empty for none
 * @param include          whether it becomes a stream
 * @param destinationTable the destination table's name; blank for the default (the unqualified name)
 * @param sync             full_refresh, incremental, hash or changes
 * @param key              key columns, comma-separated; blank for the primary key
 * @param cursor           the incremental cursor column; blank for none
 * @param deletes          none, hard or soft: what happens to destination rows gone from the source
 */
public record WizardTable(String object, List<String> columns, List<String> primaryKey, boolean include,
                          String destinationTable, String sync, String key, String cursor, String deletes) {
    public static final List<String> SYNC_MODES = List.of("full_refresh", "incremental", "hash", "changes");
    public static final List<String> DELETES = List.of("none", "hard", "soft");
    /** Column names that usually grow with every change of a row, best first. */
    private static final List<String> CURSOR_NAMES = List.of("updated_at", "updatedat", "modified_at", "modifiedat",
            "last_modified", "lastmodified", "last_update", "lastupdate", "changed_at", "changedat", "updated",
            "modified", "ultima_modificacion", "_creationtime");

    public WizardTable {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
    }

    /**
     * The defaults from discovery: included, the primary key, and the sync mode that fits: changes when
     * the source keeps a change log of its own (a Convex deployment's document deltas carry updates and
     * deletes), incremental when a likely cursor was found, full refresh otherwise.
     */
    public static WizardTable fromDiscovery(DiscoveredStream stream, boolean sourceReadsChanges) {
        List<Column> columns = stream.schema().columns();
        String cursor = likelyCursor(columns);
        List<String> key = stream.schema().keyColumns();
        String sync = sourceReadsChanges ? "changes"
                : cursor != null && !key.isEmpty() ? "incremental" : "full_refresh";
        return new WizardTable(stream.object(), columns.stream().map(Column::name).toList(), key, true,
                unqualified(stream.object()), sync, String.join(", ", key), cursor == null ? "" : cursor, "none");
    }

    /** The stream's name in the pipeline: the table's unqualified name. */
    public String streamName() {
        return unqualified(object);
    }

    /** A column named like an update time, or else the only timestamp column; null when none looks right. */
    static String likelyCursor(List<Column> columns) {
        for (String wanted : CURSOR_NAMES) {
            for (Column column : columns) {
                if (column.name().toLowerCase(Locale.ROOT).replace("-", "_").equals(wanted)) {
                    return column.name();
                }
            }
        }
        List<Column> times = columns.stream().filter(column -> column.type() == ColumnType.TIMESTAMP
                || column.type() == ColumnType.TIMESTAMP_TZ).toList();
        return times.size() == 1 ? times.getFirst().name() : null;
    }

    static String unqualified(String object) {
        int dot = object.lastIndexOf('.');
        return dot < 0 ? object : object.substring(dot + 1);
    }
}
