/**
 * Transforms between reading and writing: the building blocks a stream's {@code transforms:} are
 * made of.
 *
 * <p>Two shapes, both planned once per stream against the schema they receive, so that a transform
 * that cannot take a column (a phone transform on a date, an expression that does not type-check)
 * is refused before any row is read, and the schema a stream writes is the transformed one:
 * <ul>
 *   <li>{@link ValueTransform}: changes one column's values (trim, case, cast, value maps, phone
 *       numbers, tax codes, dates, lookups by key...). Bound to its input {@link dev.ferry.api.Column}
 *       it gives a {@link BoundValueTransform}: the output column and a function of one value.</li>
 *   <li>{@link RowTransform}: sees whole rows (computed columns, filters, content hashes, lookups
 *       that may skip a row). Bound to its input {@link dev.ferry.api.StreamSchema} it gives a
 *       {@link BoundRowTransform}: the output schema and a function of one row.</li>
 * </ul>
 * A value that cannot be transformed throws {@link dev.ferry.api.RejectedValueException} naming the
 * column and why; the stage that runs the transforms locates it at the row's table and key, so the
 * row fails (or is quarantined) instead of arriving changed. Bound transforms are used by one
 * writer thread at a time and may keep caches; they hold nothing between runs.
 *
 * <p>Families live in sub-packages: {@code values} (text, cast, maps, dates), {@code identity}
 * (phone numbers, Italian tax codes, e-mail addresses), {@code lookup} (mapping files and tables),
 * {@code expression} (CEL computed columns and filters, content hashes).
 */
package dev.ferry.engine.transform;
