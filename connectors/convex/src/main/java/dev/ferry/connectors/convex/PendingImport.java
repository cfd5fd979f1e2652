package dev.ferry.connectors.convex;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoded import messages waiting to be sent, and the bodies they make: {@code {"tables": {…},
 * "messages": [m1,m2,…]}}, measured exactly in bytes as they will be sent, so that a body stays
 * under the limit. {@link #fits} says whether one more message may join.
 */
final class PendingImport {
    private final byte[] head;
    private final long bodyLimit;
    private final int maxRecords;
    private final List<Message> messages = new ArrayList<>();
    private long messageBytes;

    /** One record's {@code {"tableName", "data"}}, with its key for messages. */
    record Message(byte[] json, String key) {
    }

    /** @param tablesJson the body's {@code tables} object, serialized */
    PendingImport(byte[] tablesJson, long bodyLimit, int maxRecords) {
        this.head = concat("{\"tables\":".getBytes(StandardCharsets.UTF_8), tablesJson,
                ",\"messages\":[".getBytes(StandardCharsets.UTF_8));
        this.bodyLimit = bodyLimit;
        this.maxRecords = maxRecords;
    }

    /** The size of a body holding only {@code message}. */
    long aloneSize(Message message) {
        return head.length + message.json().length + 2L;
    }

    boolean fits(Message message) {
        return messages.size() < maxRecords
                && head.length + messageBytes + messages.size() + message.json().length + 2L <= bodyLimit;
    }

    void add(Message message) {
        messages.add(message);
        messageBytes += message.json().length;
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    /** Takes every pending message out. */
    List<Message> drain() {
        List<Message> taken = List.copyOf(messages);
        messages.clear();
        messageBytes = 0;
        return taken;
    }

    /** The request body for {@code batch}. */
    byte[] body(List<Message> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head);
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(batch.get(i).json());
        }
        out.write(']');
        out.write('}');
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
