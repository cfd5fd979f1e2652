package dev.ferry.engine.transform.lookup;

/**
 * Where a lookup's keys and values come from: a {@link MappingSource mapping file}, or a
 * {@link TableLookupSource table read through a connection}.
 */
public sealed interface LookupSource permits MappingSource, TableLookupSource {

    /** The source as messages name it at their start: {@code Mapping file calendars.json}. */
    String describe();

    /** The source inside a message: the file's path, or {@code table T through connection C}. */
    default String label() {
        return switch (this) {
            case MappingSource file -> file.path().toString();
            case TableLookupSource table -> "table " + table.table() + " through connection " + table.connection();
        };
    }
}
