package dev.ferry.engine.transform.lookup;

/** What a mapping file's entries map their keys to. */
public enum MappingShape {
    /** Each key maps to one value: {@code {"1": "ON_TIME", "2": "AT_RISK"}}. */
    SCALARS,
    /**
     * Each key maps to an object of fields: {@code {"ROMA": {"calendar_id": "c1", "name": "Roma"}}},
     * an array of objects with a key field, or a CSV file.
     */
    OBJECTS
}
