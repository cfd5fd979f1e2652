/**
 * The Convex connector family: a deployment read through its streaming export API and written
 * through its streaming import API or the user's own mutations.
 *
 * <p>A connection is {@code type: convex} (implied by an {@code https://…convex.cloud} URL) with the
 * deployment's URL and its deploy key as the password ({@code password:} or {@code deploy_key:},
 * always a {@code ${env:}} or {@code ${file:}} reference), sent as {@code Authorization: Convex <key>}
 * and never shown. {@code check} calls {@code test_streaming_export_connection}; a refused key
 * (401/403) is reported as such, with Convex's code and message.
 *
 * <p>Streams are tables ({@code SchemaColumns}: {@code _id} is the key,
 * {@code _creationTime} a timestamp with time zone, see {@code CreationTime}).
 * A read keeps its own position ({@code ExportPosition}): the first walks
 * a snapshot with {@code list_snapshot}, then every read follows {@code document_deltas}, deletes
 * included ({@code ExportReader}). Values are read in the
 * {@code convex_encoded_json} format ({@code ConvexJsonDecoder} says why).
 * Requests are retried on 429, 5xx and lost connections ({@code ConvexApi}).
 *
 * <p>As a destination ({@code ConvexDestination}), the key needs the import permission; {@code check}
 * reads {@code get_schema}. A stream with a key gets a primary-key index on its table
 * ({@code PrimaryKeyIndexes}), then its records are imported by {@code import_airbyte_records} in
 * bodies under 20 MiB ({@code PendingBatch}), an existing key's document replaced whole;
 * {@code write: overwrite} clears the table first with {@code clear_tables}, which no transaction
 * joins to the imports ({@code ConvexImportWriter} says what a failed run leaves). Deletes
 * (delete records, {@code deletes: hard|soft}) are refused: the import API cannot delete. Values
 * travel as plain JSON ({@code ImportValueEncoder}): integers and floats as float64 (refused beyond
 * 2^53, NaN and infinities refused), decimals, dates, times, UUIDs and bytes (base64) as strings,
 * JSON columns as their value; names Convex refuses fail at open ({@code ConvexNames}).
 *
 * <p>With {@code properties: {write: mutation, auth_key: …}} ({@code WriteSettings}) the destination
 * calls the user's {@code sync:upsertBatch} and {@code sync:deleteBatch} instead
 * ({@code ConvexMutationWriter}, {@code FunctionCall}), the functions shipped in
 * {@code connectors/convex/functions/convex/sync.ts}; values then use Convex's JSON encoding
 * ({@code FunctionValueEncoder}), and documents missing at the source are found through the
 * export's keys ({@code TableKeys}).
 */
package dev.ferry.connectors.convex;
