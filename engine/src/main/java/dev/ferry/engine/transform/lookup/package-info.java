/**
 * Lookups: a column's value replaced by, or columns added from, what a mapping maps it to: a mapping
 * file, like team 4's {@code calendars.json} (branch to calendar) and {@code operators.json}
 * (AlfaDocs operator to GoHighLevel user), or a table read through one of the pipeline's connections.
 *
 * <ul>
 *   <li>{@link dev.ferry.engine.transform.lookup.MappingFile}: a JSON, YAML or CSV file read once,
 *       strictly (UTF-8, size-capped, duplicates and anything ambiguous refused with line and column);
 *       {@link dev.ferry.engine.transform.lookup.MappingFileCache} holds a run's files.</li>
 *   <li>{@link dev.ferry.engine.transform.lookup.TableMapping}: a table's key column and value columns,
 *       read whole through a connector ({@link dev.ferry.engine.transform.lookup.TableLookupSource});
 *       {@link dev.ferry.engine.transform.lookup.LookupTables} holds a run's tables.</li>
 *   <li>{@link dev.ferry.engine.transform.lookup.LookupValue}: a value transform, value to mapped value
 *       (or one field of the mapped object, one column of the table's row).</li>
 *   <li>{@link dev.ferry.engine.transform.lookup.LookupColumns}: a row transform adding fields of the
 *       mapped object (columns of the row) as columns, which may drop rows whose key is missing.</li>
 * </ul>
 * Both read their mapping through the package-private {@code Mapping} (entries by position, key text,
 * where each entry is for messages), so files and tables share key matching, missing-key policies and
 * the bound transforms.
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
 * <h2>Lookups through a connection</h2>
 * A {@link dev.ferry.engine.transform.lookup.TableLookupSource} (connection name, table, key column,
 * value columns, row limit) stands where a file's {@link dev.ferry.engine.transform.lookup.MappingSource}
 * would; both are a {@link dev.ferry.engine.transform.lookup.LookupSource}.
 * <ul>
 *   <li>The table is read when a lookup is bound, with the
 *       {@link dev.ferry.engine.transform.TransformContext} given to
 *       {@link dev.ferry.engine.transform.TransformChain#bind(dev.ferry.api.StreamSchema,
 *       dev.ferry.engine.transform.TransformContext)}: a run (and a preview) makes one context, whose
 *       {@link dev.ferry.engine.transform.lookup.LookupTables} reads each table once, through the
 *       connector API only (a source opened for the connection, {@code describe} of the key and value
 *       columns, one full {@code open}), and shares it between every stream and every retry of the run.
 *       Binding without a context ({@code bind(schema)}) refuses a table lookup with a clear error.</li>
 *   <li>Keys are the key column's typed values in the canonical text below; two rows with the same key
 *       text are refused naming the key, rows with a null key are left out, and a table over its row
 *       limit (1,000,000 by default) is refused as a file over its size is. A key column must be of a
 *       type with one exact text, as a stream's key column must.</li>
 *   <li>Output columns are the table's columns as the connector describes them (type, precision, scale,
 *       nullability); no type is inferred or declared. A default for missing keys is converted exactly
 *       to the column's type, or refused.</li>
 *   <li>A table that cannot be read fails the bind, and so the stream, naming the table and the
 *       connection (never its URL or secrets); a failure the connector calls retriable stays
 *       retriable, and is not remembered, so the stream's retry reads the table again.</li>
 * </ul>
 * Reading per key (a query per row) is deliberately not offered: a run of a million rows would make a
 * million queries.
 */
package dev.ferry.engine.transform.lookup;
