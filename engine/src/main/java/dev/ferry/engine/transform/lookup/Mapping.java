package dev.ferry.engine.transform.lookup;

import java.util.Set;

/**
 * What a lookup reads: keys (canonical text, see the package documentation), each mapping to a value
 * or to fields, held in memory for a run. Entries are numbered by position, so the planned values of
 * an output column are an array read by a key's position.
 */
sealed interface Mapping permits MappingFile, TableMapping {

    MappingShape shape();

    int size();

    /** The key text of entry {@code position}. */
    String keyAt(int position);

    /** The fields the entries map to, in order; empty for scalars. */
    Set<String> fieldNames();

    /** The mapping at the start of a message: {@code Mapping file calendars.json}. */
    String describe();

    /** Where entry {@code position} is, at the start of a message: the file, line and column, or the table. */
    String locate(int position);

    /** How a message about another entry points back at entry {@code position}: {@code " (line 3)"}, or nothing. */
    String mention(int position);

    /** The mapping inside a rejected value's message: {@code mapping file calendars.json}. */
    String name();
}
