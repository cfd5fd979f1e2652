package dev.ferry.testkit.convex;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code list_snapshot} cursor: the last table and id returned, base64-encoded so no
 * client is tempted to read it.
 */
final class SnapshotCursor {

    private SnapshotCursor() {
    }

    static String encode(ConvexStore.SnapshotPosition position) {
        if (position == null) {
            return null;
        }
        String plain = position.table() + "\u0000" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static ConvexStore.SnapshotPosition decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int separator = plain.indexOf('\u0000');
            if (separator < 0) {
                throw new IllegalArgumentException("no separator");
            }
            return new ConvexStore.SnapshotPosition(plain.substring(0, separator), plain.substring(separator + 1));
        } catch (IllegalArgumentException e) {
            throw new ConvexHttpException(400, "InvalidCursor", "list_snapshot cursor '" + cursor + "' is not one this deployment gave");
        }
    }
}
