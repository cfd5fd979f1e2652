/**
 * A fake Convex deployment, written from Convex's public documentation (the streaming export,
 * streaming import and HTTP functions APIs, and the limits page) and the facts gathered in the
 * project's API notes; not from Convex's code. Ferry's Convex connector is tested against this
 * fake, not against a real deployment.
 *
 * <p>What it models:
 * <ul>
 *   <li>Tables of documents with string {@code _id}, {@code _creationTime} (float milliseconds)
 *       and values typed as Convex types ({@link dev.ferry.testkit.convex.ConvexValue}: int64 and
 *       float64 distinct, bytes, strings, booleans, null, arrays, objects); every version is kept,
 *       with a strictly increasing commit timestamp {@code _ts} in nanoseconds, and deletes are
 *       kept as tombstones.</li>
 *   <li>Streaming export: {@code json_schemas} (inferred from the documents, with
 *       {@code deltaSchema}), {@code list_snapshot} (pages of 1024, snapshot fixed by the first
 *       page, opaque cursor), {@code document_deltas} (cursor required, pages of 128 in commit
 *       order, deletes as {@code {_id, _ts, _table, _deleted}}), {@code test_streaming_export_connection},
 *       {@code get_table_column_names}; both value formats, {@code json} and
 *       {@code convex_encoded_json} ({@code convex_json}).</li>
 *   <li>Streaming import: {@code import_airbyte_records} (20 MiB bodies, replace by primary key),
 *       {@code clear_tables}, {@code add_primary_key_indexes}, {@code primary_key_indexes_ready}
 *       (false a few times first), {@code get_schema}, and {@code replace_tables} refused with
 *       {@code OverwriteNotSupported}.</li>
 *   <li>Functions over HTTP ({@code /api/query}, {@code /api/mutation}, {@code /api/run/...}) with
 *       handlers the test registers and the built-in {@code sync:upsertBatch} / {@code sync:deleteBatch},
 *       under Convex's documented limits (16 MiB arguments, 16,000 documents and 16 MiB written
 *       per transaction, 8,192 array elements, 1 MiB documents).</li>
 *   <li>Deploy keys with permissions ({@code Authorization: Convex <key>}), errors as
 *       {@code {"code", "message"}}, and faults on demand: 429 with {@code Retry-After}, 500,
 *       503, 560, a connection dropped mid-response, slow answers; a log of every request.</li>
 * </ul>
 *
 * <p>What it does not model: indexes other than the key lookups, queries beyond reading whole
 * tables, actions, HTTP actions, scheduled functions, authentication tokens, components,
 * snapshot expiry (real deployments keep a few days of history), execution time limits, the
 * read-side transaction limits, and the proxy's real error bodies. Each place where Convex
 * does not document a detail says which choice the fake made.
 */
package dev.ferry.testkit.convex;
