package dev.ferry.testkit.convex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.ferry.testkit.convex.ConvexValue.bool;
import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.int64;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;

/**
 * The documents {@link FakeConvexServer} generates for benchmarks: fibre-network poles, shaped like
 * team 2's data (strings, int64, float64, booleans, a nested object, an optional field), each a pure
 * function of its sequence number so a run is the same every time.
 *
 * <p>{@link #checksum} is the md5 (hex) of one line per document in {@code seq} order, joined by
 * {@code \n}: {@code seq|pole_number|status|round(height_m * 100)|install_count|t or f|location.zone|notes or <null>}.
 * The bench script computes the same text from the destination table, so the two must be changed together.
 */
final class BenchDocuments {

    private static final String[] STATUSES = {"planned", "installed", "inspected", "rejected"};
    /** Documents per commit while generating: one commit per document would make the log needlessly long. */
    private static final int COMMIT_SIZE = 1000;

    private BenchDocuments() {
    }

    static ConvexValue.Obj document(long seq) {
        Map<String, ConvexValue> fields = new LinkedHashMap<>();
        fields.put("seq", int64(seq));
        fields.put("pole_number", string(poleNumber(seq)));
        fields.put("status", string(STATUSES[(int) (seq % STATUSES.length)]));
        fields.put("height_m", float64(heightMetres(seq)));
        fields.put("install_count", int64(seq * 7 % 13));
        fields.put("verified", bool(seq % 3 == 0));
        fields.put("location", object("lat", float64(-26.0 - (seq % 1000) / 10000.0),
                "lng", float64(28.0 + (seq % 997) / 10000.0), "zone", string(zone(seq))));
        if (seq % 5 == 0) {
            fields.put("notes", string(notes(seq)));
        }
        return object(fields);
    }

    /** Inserts documents 0 to count - 1 into the table and returns their checksum. */
    static String generate(FakeConvex fake, String table, long count) {
        fake.createTable(table);
        MessageDigest md5 = md5();
        List<Write> batch = new ArrayList<>(COMMIT_SIZE);
        for (long seq = 0; seq < count; seq++) {
            batch.add(Write.upsert(table, fake.store().newId(), document(seq)));
            if (seq > 0) {
                md5.update((byte) '\n');
            }
            md5.update(checksumLine(seq).getBytes(StandardCharsets.UTF_8));
            if (batch.size() == COMMIT_SIZE) {
                fake.store().commit(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            fake.store().commit(batch);
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    static String checksumLine(long seq) {
        String notes = seq % 5 == 0 ? notes(seq) : "<null>";
        return seq + "|" + poleNumber(seq) + "|" + STATUSES[(int) (seq % STATUSES.length)] + "|"
                + Math.round(heightMetres(seq) * 100) + "|" + seq * 7 % 13 + "|" + (seq % 3 == 0 ? "t" : "f") + "|"
                + zone(seq) + "|" + notes;
    }

    private static String poleNumber(long seq) {
        return "LAW.P." + (char) ('A' + seq % 26) + String.format("%06d", seq);
    }

    private static double heightMetres(long seq) {
        return 7.5 + (seq % 40) * 0.25;
    }

    private static String zone(long seq) {
        return "zone-" + seq % 17;
    }

    private static String notes(long seq) {
        return "pole " + seq + " checked; café access via gate " + seq % 9;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no MD5", e);
        }
    }
}
