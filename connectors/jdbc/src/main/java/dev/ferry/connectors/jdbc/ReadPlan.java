package dev.ferry.connectors.jdbc;

import dev.ferry.api.Checkpoint;
import dev.ferry.api.Column;
import dev.ferry.api.StreamSchema;

import java.util.List;

/**
 * Everything a reader needs to run one read.
 *
 * @param schema     the records' schema; never null
 * @param selected   the result set's columns: the schema's columns, then the cursor when it was not
 *                   selected; never null
 * @param sql        the query; never null
 * @param cursor     the cursor column, or null for a full read
 * @param bound      the cursor's inclusive lower bound (parameter 1), or null to read from the start
 * @param resumeFrom the checkpoint the read resumes from, reported until a newer cursor value is
 *                   seen; null on a first or full read
 * @param batchSize  records per batch at most
 * @param batchBytes a batch is closed once its records' estimated size reaches this
 *                   ({@link dev.ferry.api.ReadRequest#batchBytes()})
 */
public record ReadPlan(StreamSchema schema, List<Column> selected, String sql, Column cursor, Object bound,
                       Checkpoint resumeFrom, int batchSize, long batchBytes) {

    public ReadPlan {
        selected = List.copyOf(selected);
    }

    /** The same read by another query over the same columns. */
    public ReadPlan withSql(String otherSql) {
        return new ReadPlan(schema, selected, otherSql, cursor, bound, resumeFrom, batchSize, batchBytes);
    }

    /** The 1-based result set index of the cursor, or 0 for a full read. */
    int cursorIndex() {
        if (cursor == null) {
            return 0;
        }
        for (int i = 0; i < selected.size(); i++) {
            if (selected.get(i).name().equals(cursor.name())) {
                return i + 1;
            }
        }
        throw new IllegalStateException("cursor " + cursor.name() + " is not selected");
    }
}
