/**
 * Lookups: a column's value replaced by, or columns added from, what a mapping file maps it to, like
 * team 4's {@code calendars.json} (branch to calendar) and {@code operators.json} (AlfaDocs operator
 * to GoHighLevel user).
 *
 * <ul>
 *   <li>{@link dev.ferry.engine.transform.lookup.MappingFile}: a JSON, YAML or CSV file read once,
 *       strictly (UTF-8, size-capped, duplicates and anything ambiguous refused with line and column);
 *       {@link dev.ferry.engine.transform.lookup.MappingFileCache} holds a run's files.</li>
 *   <li>{@link dev.ferry.engine.transform.lookup.LookupValue}: a value transform, value to mapped value
 *       (or one field of the mapped object).</li>
 *   <li>{@link dev.ferry.engine.transform.lookup.LookupColumns}: a row transform adding fields of the
 *       mapped object as columns, which may drop rows whose key is missing.</li>
 * </ul>
 *
 * <h2>How keys match</h2>
 * A file's keys are text. A column value is looked up by its canonical text: text as is; integers in
 * plain decimal; decimals without trailing zeros or exponent (DECIMAL {@code 1.0} and {@code 1.00}
 * look up {@code "1"}, {@code 2.50} looks up {@code "2.5"}); {@code true}/{@code false}; ISO dates;
 * lower-case UUIDs. For a numeric key column, a file key that is a number in another spelling
 * ({@code "1.0"}, {@code "01"}, {@code "+1"}) could never match and is refused at bind rather than
 * silently never found. Case may be ignored; then two keys differing only by case are refused.
 * Floating-point, time and binary columns cannot be keys: their text has no single exact form.
 *
 * <h2>Not here yet: lookups through a connection</h2>
 * The issue also asks for a lookup from a table through a connection, cached for the run. The
 * intended design, for the session that builds it:
 * <ul>
 *   <li>a {@code TableLookupSource(connection, table, keyColumn, fields, maxRows)} in place of a
 *       {@link dev.ferry.engine.transform.lookup.MappingSource}; at bind it reads the key column and
 *       the fields once (a single query, identifiers quoted by the connector's dialect), refusing a
 *       table over {@code maxRows} as files are refused over their size;</li>
 *   <li>the rows become a {@link dev.ferry.engine.transform.lookup.MappingFile}-like table of entries
 *       (key text by the same canonical rule, from the key column's typed values, duplicates refused
 *       naming the key), so {@code LookupValue} and {@code LookupColumns} are reused unchanged by
 *       taking an interface (entries, shape, source description) instead of the file class; output
 *       types then come from the table's column types rather than inference;</li>
 *   <li>cached per run beside the files (same cache, keyed by connection and query), so a table is
 *       read once however many streams use it; failures to connect are retried like any read and
 *       then fail the bind with the connection's name, never its secrets.</li>
 * </ul>
 * Reading per key (a query per row) is deliberately not offered: a run of a million rows would make a
 * million queries.
 */
package dev.ferry.engine.transform.lookup;
