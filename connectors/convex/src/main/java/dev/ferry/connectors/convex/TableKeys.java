package dev.ferry.connectors.convex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.FerryException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key values every document of a table holds now, read through the streaming export's
 * consistent snapshot ({@code list_snapshot}, Convex-encoded JSON, which the deploy key must be
 * allowed to read), for the mutation path to find documents the source no longer has.
 */
final class TableKeys {

    private TableKeys() {
    }

    /** Each document's {@code keyField}, as Convex encodes it; documents without the field are left out. */
    static List<JsonNode> read(ConvexApi api, String table, String keyField) {
        List<JsonNode> keys = new ArrayList<>();
        String snapshot = null;
        String cursor = null;
        while (true) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("tableName", table);
            params.put("format", ConvexJsonDecoder.INSTANCE.formatName());
            params.put("snapshot", snapshot);
            params.put("cursor", cursor);
            JsonNode page = api.get(ConvexSource.LIST_SNAPSHOT, params);
            for (JsonNode document : page.path("values")) {
                JsonNode key = document.get(keyField);
                if (key != null && !key.isNull()) {
                    keys.add(key);
                }
            }
            if (!page.path("hasMore").asBoolean(false)) {
                return keys;
            }
            snapshot = page.path("snapshot").asText(null);
            cursor = page.path("cursor").isTextual() ? page.get("cursor").textValue() : null;
            if (snapshot == null || cursor == null) {
                throw new FerryException("Convex: list_snapshot of table " + table + " said there is more but gave no "
                        + "snapshot and cursor to go on from");
            }
        }
    }

    /**
     * One text per key value, equal for equal Convex values however the JSON spells them: a number
     * by its value ({@code 5} and {@code 5.0} are the same float64), anything else by its JSON.
     */
    static String identity(JsonNode key) {
        if (key.isNumber()) {
            BigDecimal value = key.decimalValue();
            return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
        }
        return key.toString();
    }
}
