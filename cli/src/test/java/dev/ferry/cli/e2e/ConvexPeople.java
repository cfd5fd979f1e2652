package dev.ferry.cli.e2e;

import dev.ferry.testkit.convex.ConvexValue;
import dev.ferry.testkit.convex.FakeConvex;
import dev.ferry.testkit.convex.StoredDocument;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.int64;
import static dev.ferry.testkit.convex.ConvexValue.string;

/**
 * The {@code people} table the Convex fault and kill tests copy into PostgreSQL: documents with an
 * int64 {@code n}, a string {@code name}, a float64 {@code score} and an optional string
 * {@code note}; random inserts, updates and deletes on the fake; and the comparison of the fake's
 * live documents with the destination's rows, document by document.
 */
final class ConvexPeople {
    static final String TABLE = "people";

    private ConvexPeople() {
    }

    static ConvexValue.Obj person(long n, Random random) {
        Map<String, ConvexValue> fields = new LinkedHashMap<>();
        fields.put("n", int64(n));
        fields.put("name", string("person " + n + " \u00e9\u6771 " + Long.toHexString(random.nextLong())));
        fields.put("score", float64(random.nextDouble() * 1000 - 500));
        if (random.nextInt(3) > 0) {
            fields.put("note", string("note " + random.nextInt(1_000_000)));
        }
        return ConvexValue.object(fields);
    }

    /** Inserts {@code count} documents with {@code n} from {@code firstN}; returns their ids. */
    static List<String> insert(FakeConvex fake, long firstN, int count, Random random) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(fake.insert(TABLE, person(firstN + i, random)));
        }
        return ids;
    }

    /** One random change to the table: mostly inserts, then updates (whole or patched, a note dropped or set), and deletes. */
    static void changeOnce(FakeConvex fake, Random random, long[] nextN) {
        List<StoredDocument> live = fake.documents(TABLE);
        int roll = random.nextInt(10);
        if (live.isEmpty() || roll < 4) {
            fake.insert(TABLE, person(nextN[0]++, random));
            return;
        }
        StoredDocument target = live.get(random.nextInt(live.size()));
        if (roll < 6) {
            fake.replace(TABLE, target.id(), person(-nextN[0]++, random));
        } else if (roll < 8) {
            fake.patch(TABLE, target.id(), ConvexValue.object("score", float64(random.nextDouble()), "note",
                    string("patched " + random.nextInt(1000))));
        } else {
            fake.delete(TABLE, target.id());
        }
    }

    /** The fake's live documents as rows: {@code _id} to {@code n, name, score, note}. */
    static Map<String, List<String>> expected(FakeConvex fake) {
        Map<String, List<String>> rows = new TreeMap<>();
        for (StoredDocument document : fake.documents(TABLE)) {
            List<String> row = new ArrayList<>();
            row.add(Long.toString(((ConvexValue.Int64) document.field("n")).value()));
            row.add(((ConvexValue.Str) document.field("name")).value());
            row.add(Double.toString(((ConvexValue.Float64) document.field("score")).value()));
            row.add(document.field("note") instanceof ConvexValue.Str(String note) ? note : null);
            rows.put(document.id(), row);
        }
        return rows;
    }

    /** The destination's rows, failing on a second row for one {@code _id}. */
    static Map<String, List<String>> read(String url) throws SQLException {
        Map<String, List<String>> rows = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT _id, n, name, score, note FROM " + TABLE)) {
            while (result.next()) {
                List<String> row = new ArrayList<>();
                row.add(Long.toString(result.getLong(2)));
                row.add(result.getString(3));
                row.add(Double.toString(result.getDouble(4)));
                row.add(result.getString(5));
                if (rows.put(result.getString(1), row) != null) {
                    throw new AssertionError("a second row for _id " + result.getString(1) + " in " + TABLE);
                }
            }
        }
        return rows;
    }

    /** The keys and values that differ, for a failure message. */
    static String differences(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        TreeSet<String> ids = new TreeSet<>(expected.keySet());
        ids.addAll(actual.keySet());
        List<String> found = new ArrayList<>();
        for (String id : ids) {
            if (!Objects.equals(expected.get(id), actual.get(id))) {
                found.add("_id=" + id + ": expected " + expected.get(id) + ", found " + actual.get(id));
            }
        }
        return found.size() + " difference(s)" + (found.isEmpty() ? "" : ": " + found.subList(0, Math.min(20, found.size())));
    }
}
