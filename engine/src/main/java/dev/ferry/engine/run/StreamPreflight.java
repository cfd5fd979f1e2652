package dev.ferry.engine.run;

import dev.ferry.api.Column;
import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.Source;
import dev.ferry.api.StreamRef;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import dev.ferry.engine.config.PipelineConfig;
import dev.ferry.engine.config.StreamConfig;
import dev.ferry.engine.config.SyncMode;
import dev.ferry.engine.config.loader.ConfigProblem;
import dev.ferry.engine.config.loader.FieldLocator;
import dev.ferry.engine.transform.TransformContext;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What a run of each stream would fail on, found by looking at the source before any row is read:
 * tables that do not exist, columns, key columns and cursors that are not there, cursors without an
 * order, upserts without a key. Each problem is located at the field that names the thing, like the
 * loader's own, and all are reported at once.
 */
public final class StreamPreflight {

    private final PipelineConfig pipeline;
    private final FieldLocator locator;
    private final TransformContext transforms;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private StreamPreflight(PipelineConfig pipeline, FieldLocator locator, TransformContext transforms) {
        this.pipeline = pipeline;
        this.locator = locator;
        this.transforms = transforms;
    }

    /**
     * Every problem the pipeline's streams would meet on {@code source}, in file order; empty when
     * none. Describing a stream is the only thing asked of the source.
     */
    public static List<ConfigProblem> check(PipelineConfig pipeline, Source source, FieldLocator locator) {
        return check(pipeline, source, null, locator);
    }

    /**
     * {@link #check(PipelineConfig, Source, FieldLocator)}, and what {@code destination} says it
     * cannot hold of each stream's table ({@link Destination#checkCanHold}); null to skip that.
     */
    public static List<ConfigProblem> check(PipelineConfig pipeline, Source source, Destination destination,
                                            FieldLocator locator) {
        return check(pipeline, source, destination, locator, TransformContext.NONE);
    }

    /**
     * {@link #check(PipelineConfig, Source, Destination, FieldLocator)}, binding the streams' transforms
     * with {@code transforms}: with {@link ConnectedLookupTables#describedOnly} table lookups are checked
     * against their tables' columns without reading a row.
     */
    public static List<ConfigProblem> check(PipelineConfig pipeline, Source source, Destination destination,
                                            FieldLocator locator, TransformContext transforms) {
        StreamPreflight preflight = new StreamPreflight(pipeline, locator, transforms);
        for (int i = 0; i < pipeline.streams().size(); i++) {
            preflight.checkStream(i, pipeline.streams().get(i), source, destination);
        }
        List<ConfigProblem> sorted = new ArrayList<>(preflight.problems);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return sorted;
    }

    private void checkStream(int index, StreamConfig stream, Source source, Destination destination) {
        String path = "streams[" + index + "]";
        String sourceField = path + "." + (stream.query() != null ? "query"
                : locator.has(path + ".view") ? "view" : "table");
        if (stream.flattenObjects() && !source.flattensObjects()) {
            add(path + ".flatten", PipelineRunner.flatteningRefused(pipeline, stream));
            return;
        }
        StreamSchema all;
        try {
            // Without the configured key, so a missing key column is reported with the others.
            all = source.describe(new StreamRef(stream.name(), stream.table(), stream.query(), List.of(),
                    stream.flattenObjects()), List.of());
        } catch (FerryException e) {
            add(sourceField, e.getMessage());
            return;
        }
        int before = problems.size();
        String object = stream.table() != null ? stream.table() : "its query";
        String columnsHint = "; " + object + " has " + all.columnNames();
        for (int i = 0; i < stream.columns().size(); i++) {
            String column = stream.columns().get(i);
            if (all.indexOf(column) < 0) {
                add(path + ".columns[" + i + "]", "column '" + column + "' does not exist" + columnsHint);
            }
        }
        for (int i = 0; i < stream.key().size(); i++) {
            String key = stream.key().get(i);
            if (all.indexOf(key) < 0) {
                add(listItem(path + ".key", i), "key column '" + key + "' does not exist" + columnsHint);
            }
        }
        if (needsKey(stream) && stream.key().isEmpty() && !all.hasKey()) {
            add(sourceField, object + " has no primary key, and " + need(stream) + " needs one to match rows; "
                    + "name the columns that identify a row with key: [...]");
        }
        if (stream.sync() == SyncMode.CHANGES && !source.readsChanges()) {
            add(path + ".sync", "sync: changes reads a source's own change log, and connection " + pipeline.source()
                    + " has none; use sync: incremental with a cursor, or hash");
        }
        if (stream.sync() == SyncMode.INCREMENTAL) {
            int cursor = all.indexOf(stream.cursor());
            if (cursor < 0) {
                add(path + ".cursor", "cursor column '" + stream.cursor() + "' does not exist" + columnsHint);
            } else {
                Column column = all.columns().get(cursor);
                if (!column.type().isOrderable()) {
                    add(path + ".cursor", "cursor column '" + column.name() + "' is " + column.type()
                            + ", which has no order; choose a timestamp, date or number column");
                }
            }
        }
        for (Map.Entry<String, String> rename : stream.rename().entrySet()) {
            if (all.indexOf(rename.getKey()) < 0) {
                add(path + ".rename." + rename.getKey(), "renames column '" + rename.getKey() + "', which does not exist"
                        + columnsHint);
            }
        }
        if (problems.size() == before) {
            planAsARunWould(path, stream, source, destination);
        }
    }

    /** Whatever else planning the stream refuses, exactly as a run would plan it, then what the destination refuses. */
    private void planAsARunWould(String path, StreamConfig stream, Source source, Destination destination) {
        StreamPlan plan;
        try {
            StreamSchema selected = source.describe(stream.toRef(), stream.columns());
            plan = StreamPlan.of(stream, selected, null, pipeline.batchSize(), pipeline.schemaChanges(), false,
                    transforms);
        } catch (FerryException e) {
            add(path, e.getMessage());
            return;
        }
        if (destination == null) {
            return;
        }
        try {
            destination.checkCanHold(plan.write().table(), plan.write().schema());
        } catch (FerryException e) {
            String table = path + ".destination_table";
            add(locator.has(table) ? table : path, e.getMessage());
        }
    }

    private String listItem(String listPath, int index) {
        return locator.has(listPath + "[" + index + "]") ? listPath + "[" + index + "]" : listPath;
    }

    private static boolean needsKey(StreamConfig stream) {
        return stream.write() == WriteMode.UPSERT || stream.sync() != SyncMode.FULL_REFRESH || stream.deletes().enabled();
    }

    private static String need(StreamConfig stream) {
        String sync = stream.sync().name().toLowerCase(java.util.Locale.ROOT);
        return stream.sync() == SyncMode.FULL_REFRESH ? "write: upsert" : "sync: " + sync;
    }

    private void add(String field, String message) {
        problems.add(locator.problem(field, message));
    }
}
