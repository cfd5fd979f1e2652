/**
 * The Convex connector family: a deployment read through its streaming export API.
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
 */
package dev.ferry.connectors.convex;
