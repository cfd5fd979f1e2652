package dev.ferry.server.connections;

import dev.ferry.api.Column;
import dev.ferry.api.DiscoveredStream;

import java.util.List;
import java.util.Locale;

/**
 * The answer to a discovery: what {@code ferry discover --json} prints, or why it failed.
 *
 * @param error null when ok; never holds a secret
 */
public record DiscoveryView(String connection, boolean ok, String error, List<StreamView> streams) {

    public static DiscoveryView of(ConnectionService.Discovery discovery) {
        return new DiscoveryView(discovery.connection(), discovery.ok(), discovery.error(),
                discovery.streams().stream().map(StreamView::of).toList());
    }

    /** A table, view or object with its key and columns. */
    public record StreamView(String object, String kind, List<String> key, List<ColumnView> columns) {
        static StreamView of(DiscoveredStream stream) {
            return new StreamView(stream.object(), stream.kind().name().toLowerCase(Locale.ROOT),
                    stream.schema().keyColumns(), stream.schema().columns().stream().map(ColumnView::of).toList());
        }
    }

    /** A column: its engine-neutral type, and precision and scale where they apply (0 when unknown). */
    public record ColumnView(String name, String type, boolean nullable, int precision, int scale) {
        static ColumnView of(Column column) {
            return new ColumnView(column.name(), column.type().name().toLowerCase(Locale.ROOT), column.nullable(),
                    column.precision(), column.scale());
        }
    }
}
