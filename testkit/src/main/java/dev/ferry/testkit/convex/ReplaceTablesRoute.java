package dev.ferry.testkit.convex;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/** {@code PUT /api/streaming_import/replace_tables}: Convex no longer supports it and always answers 400. */
final class ReplaceTablesRoute implements Route {

    @Override
    public Set<String> methods() { return Set.of("PUT", "POST"); }

    @Override
    public Permission permission() { return Permission.BACKUPS_IMPORT; }

    @Override
    public JsonNode handle(ConvexRequest request) {
        throw new ConvexHttpException(400, "OverwriteNotSupported",
                "replace_tables is no longer supported: clear the tables and import instead");
    }
}
