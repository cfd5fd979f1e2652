/**
 * Writes to APIs: one call per record (upsert, else lookup and create; update and delete by the id
 * the key map keeps), with the row an API refuses set aside alone.
 */
package dev.ferry.connectors.http.write;
