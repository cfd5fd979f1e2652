package dev.ferry.connectors.http.definition;

import java.util.Map;

/**
 * A child stream: one call per record of another stream (a care plan per appointment), with the
 * parent record's fields as {@code {{parent.<field>}}}.
 *
 * @param stream   the parent stream's name, declared in the same definition
 * @param requires a parent field that must hold a value for the call to be made (a parent without a
 *                 care plan has none to read); null when every parent gets a call
 * @param copy     child column name to parent field: values copied into each child record, so a
 *                 child row names its parent
 */
public record ParentDefinition(String stream, String requires, Map<String, String> copy) {
    public ParentDefinition {
        copy = Map.copyOf(copy);
    }
}
