/**
 * Ferry's connector contract and record model.
 *
 * <p>A {@link dev.ferry.api.ConnectorFactory} (found through {@link java.util.ServiceLoader}) opens
 * a {@link dev.ferry.api.Source} or a {@link dev.ferry.api.Destination} for a
 * {@link dev.ferry.api.ConnectionSpec}. A source reads one named stream at a time through a
 * {@link dev.ferry.api.StreamReader}, which hands out {@link dev.ferry.api.RecordBatch}es of
 * {@link dev.ferry.api.ChangeRecord}s; each batch carries the {@link dev.ferry.api.Checkpoint} that
 * covers it. A destination writes those batches through a {@link dev.ferry.api.StreamWriter} and
 * commits; the engine stores a batch's checkpoint only after the commit that made it durable, so a
 * crash at any point replays from the last durable checkpoint and loses nothing.
 *
 * <p>This module has no dependencies: connectors compile against it alone.
 */
package dev.ferry.api;
