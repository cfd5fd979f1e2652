package dev.ferry.connectors.convex;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoded records waiting to be sent, and the bodies they make: a fixed head, the records as the
 * elements of one JSON array, and a fixed tail (for an import {@code {"tables": {…}, "messages": [}
 * … {@code ]}}; for a mutation {@code {"path": …, "args": {…, "records": [} … {@code ]}}}),
 * measured exactly in bytes as they will be sent, so that a body stays under the limit.
 * {@link #fits} says whether one more record may join.
 */
final class PendingBatch {
    private final byte[] head;
    private final byte[] tail;
    private final long bodyLimit;
    private final int maxRecords;
    private final List<Message> messages = new ArrayList<>();
    private long messageBytes;

    /** One record's JSON as the array holds it, with its key for messages. */
    record Message(byte[] json, String key) {
    }

    /** A batch for a streaming import: {@code {"tables": tablesJson, "messages": [...]}}. */
    static PendingBatch forImport(byte[] tablesJson, long bodyLimit, int maxRecords) {
        return new PendingBatch(concat(utf8("{\"tables\":"), tablesJson, utf8(",\"messages\":[")), utf8("]}"),
                bodyLimit, maxRecords);
    }

    /**
     * @param head everything before the array's first element, its opening bracket included
     * @param tail everything after the array's last element, its closing bracket included
     */
    PendingBatch(byte[] head, byte[] tail, long bodyLimit, int maxRecords) {
        this.head = head.clone();
        this.tail = tail.clone();
        this.bodyLimit = bodyLimit;
        this.maxRecords = maxRecords;
    }

    /** The size of a body holding only {@code message}. */
    long aloneSize(Message message) {
        return head.length + message.json().length + (long) tail.length;
    }

    boolean fits(Message message) {
        return messages.size() < maxRecords
                && head.length + messageBytes + messages.size() + message.json().length + tail.length <= bodyLimit;
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
        out.writeBytes(tail);
        return out.toByteArray();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
