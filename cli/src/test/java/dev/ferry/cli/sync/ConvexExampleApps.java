package dev.ferry.cli.sync;

import dev.ferry.testkit.convex.FakeConvex;

import java.util.List;

import static dev.ferry.testkit.convex.ConvexValue.bool;
import static dev.ferry.testkit.convex.ConvexValue.float64;
import static dev.ferry.testkit.convex.ConvexValue.int64;
import static dev.ferry.testkit.convex.ConvexValue.object;
import static dev.ferry.testkit.convex.ConvexValue.string;

/**
 * The two apps of {@code examples/convex-to-sqlserver} as fake Convex deployments, each with a deploy
 * key of its own: their documents before the first run, the changes made before the second, and the
 * rows each exported table must then hold (values as text, by {@code _id}).
 */
final class ConvexExampleApps implements AutoCloseable {
    final FakeConvex crm = FakeConvex.start();
    final FakeConvex bookings = FakeConvex.start();

    private String ada;
    private String bruno;
    private String carla;
    private String dario;
    private String acme;
    private String globex;
    private String initech;
    private String renewal;
    private String pilot;
    private String elena;
    private String fabio;
    private String blue;
    private String green;
    private String first;
    private String second;
    private String third;
    private String fourth;

    /** Documents in every table, exported or not. */
    void fill() {
        ada = crm.insert("users", object("name", string("Ada Rossi"), "email", string("ada@crm.example"), "active", bool(true)));
        bruno = crm.insert("users", object("name", string("Bruno Bianchi"), "email", string("bruno@crm.example"), "active", bool(true)));
        carla = crm.insert("users", object("name", string("Carla Verdi"), "email", string("carla@crm.example"), "active", bool(false)));
        acme = crm.insert("companies", object("name", string("Acme"), "country", string("IT")));
        globex = crm.insert("companies", object("name", string("Globex"), "country", string("DE")));
        renewal = crm.insert("deals", object("title", string("Acme renewal"), "amount", float64(1200.5), "company", string(acme)));
        pilot = crm.insert("deals", object("title", string("Globex pilot"), "amount", float64(300.25), "company", string(globex)));
        crm.insert("sessions", object("user", string(ada), "token", string("s-1")));
        crm.insert("auditLog", object("action", string("login"), "user", string(ada)));

        elena = bookings.insert("users", object("name", string("Elena Gallo"), "email", string("elena@bookings.example"), "active", bool(true)));
        fabio = bookings.insert("users", object("name", string("Fabio Conti"), "email", string("fabio@bookings.example"), "active", bool(true)));
        blue = bookings.insert("rooms", object("name", string("Sala Blu"), "seats", int64(8)));
        green = bookings.insert("rooms", object("name", string("Sala Verde"), "seats", int64(4)));
        first = bookings.insert("bookings", object("room", string(blue), "user", string(elena), "day", string("2026-12-03")));
        second = bookings.insert("bookings", object("room", string(green), "user", string(fabio), "day", string("2026-12-04")));
        third = bookings.insert("bookings", object("room", string(blue), "user", string(fabio), "day", string("2026-12-05")));
        bookings.insert("availabilityCache", object("room", string(blue), "free", bool(true)));
        bookings.insert("notifications", object("user", string(elena), "text", string("booking confirmed")));
    }

    /** Inserts, updates and deletes in both apps, in exported tables and in the others. */
    void change() {
        crm.patch("users", bruno, object("email", string("bruno.b@crm.example")));
        crm.delete("users", carla);
        dario = crm.insert("users", object("name", string("Dario Neri"), "email", string("dario@crm.example"), "active", bool(true)));
        initech = crm.insert("companies", object("name", string("Initech"), "country", string("US")));
        crm.patch("deals", pilot, object("amount", float64(450.75)));
        crm.delete("deals", renewal);
        crm.insert("sessions", object("user", string(dario), "token", string("s-2")));

        bookings.patch("users", elena, object("name", string("Elena Gallo Rossi")));
        bookings.delete("bookings", second);
        fourth = bookings.insert("bookings", object("room", string(blue), "user", string(elena), "day", string("2026-12-10")));
        bookings.delete("rooms", green);
        bookings.insert("notifications", object("user", string(fabio), "text", string("booking cancelled")));
    }

    // ---- what the destination must hold: each list ordered by _id, as the queries of the test order them

    List<List<String>> crmUsersAfterFirstRun() {
        return sorted(List.of(ada, "Ada Rossi", "ada@crm.example", "true"), List.of(bruno, "Bruno Bianchi", "bruno@crm.example", "true"),
                List.of(carla, "Carla Verdi", "carla@crm.example", "false"));
    }

    List<List<String>> crmUsersAfterChanges() {
        return sorted(List.of(ada, "Ada Rossi", "ada@crm.example", "true"), List.of(bruno, "Bruno Bianchi", "bruno.b@crm.example", "true"),
                List.of(dario, "Dario Neri", "dario@crm.example", "true"));
    }

    List<List<String>> companiesAfterChanges() {
        return sorted(List.of(acme, "Acme", "IT"), List.of(globex, "Globex", "DE"), List.of(initech, "Initech", "US"));
    }

    /** The deleted deal keeps its last version: deals are exported with deletes: none. */
    List<List<String>> dealsAfterChanges() {
        return sorted(List.of(renewal, "Acme renewal", "1200.5", acme), List.of(pilot, "Globex pilot", "450.75", globex));
    }

    List<List<String>> bookingsUsersAfterFirstRun() {
        return sorted(List.of(elena, "Elena Gallo", "elena@bookings.example", "true"),
                List.of(fabio, "Fabio Conti", "fabio@bookings.example", "true"));
    }

    List<List<String>> bookingsUsersAfterChanges() {
        return sorted(List.of(elena, "Elena Gallo Rossi", "elena@bookings.example", "true"),
                List.of(fabio, "Fabio Conti", "fabio@bookings.example", "true"));
    }

    List<List<String>> bookingsAfterChanges() {
        return sorted(List.of(first, blue, elena, "2026-12-03"), List.of(third, blue, fabio, "2026-12-05"),
                List.of(fourth, blue, elena, "2026-12-10"));
    }

    /** The room taken out of the app stays: rooms are exported with deletes: none. */
    List<List<String>> roomsAfterChanges() {
        return sorted(List.of(blue, "Sala Blu", "8"), List.of(green, "Sala Verde", "4"));
    }

    @SafeVarargs
    private static List<List<String>> sorted(List<String>... rows) {
        return java.util.Arrays.stream(rows).sorted(java.util.Comparator.comparing(List::getFirst)).toList();
    }

    @Override
    public void close() {
        crm.close();
        bookings.close();
    }
}
