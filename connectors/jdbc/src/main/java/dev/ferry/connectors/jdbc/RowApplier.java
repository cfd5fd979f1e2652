package dev.ferry.connectors.jdbc;

import dev.ferry.api.WriteCounts;

import java.sql.SQLException;
import java.util.List;

/**
 * Applies rows to one destination table inside the writer's open transaction. Called only by the
 * writer thread; never commits or rolls back itself. Rows are value arrays in the stream schema's
 * column order and are never null.
 */
public interface RowApplier extends AutoCloseable {

    /** Removes every row of the table (an overwrite's first step). */
    void clear() throws SQLException;

    /** Adds rows to a table just cleared (an overwrite); a key repeated across rows may fail. */
    void insert(List<Object[]> rows) throws SQLException;

    /** Inserts rows or replaces the rows with the same key; keys are unique within the call. */
    void upsert(List<Object[]> rows) throws SQLException;

    /** Removes the rows with these keys; only key values are meaningful. */
    void delete(List<Object[]> rows) throws SQLException;

    /**
     * Finishes whatever the applier buffered or streamed, so that every row given so far is in the
     * transaction; called before each commit.
     */
    default void flush() throws SQLException {
    }

    /**
     * Called before the writer rolls its transaction back, whole or to a savepoint: drops buffered
     * rows and ends any operation still open on the connection, so the rollback can run. Must not
     * throw.
     */
    default void discard() {
    }

    /**
     * Called after the writer rolled its transaction back, so state tied to it can be forgotten
     * (counts too). The rollback may be to a savepoint the writer set after a {@link #flush()} and
     * {@link #takeCounts()}, so what is forgotten must be right either way: a helper table created
     * before the savepoint still exists after it (create it again only if it does not exist).
     */
    default void afterRollback() {
    }

    /**
     * What the rows applied since the last call did, as the database reported it: called after
     * {@link #flush()}, just before the writer commits. Rows loaded into a cleared table count as
     * inserted; upserts count each row once as inserted, updated or unchanged.
     */
    WriteCounts takeCounts() throws SQLException;

    /** Releases statements. */
    @Override
    void close() throws SQLException;
}
