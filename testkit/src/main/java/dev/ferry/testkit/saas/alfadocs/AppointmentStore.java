package dev.ferry.testkit.saas.alfadocs;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The appointments, by id and by day (the day of {@code date} in its own offset), so that a
 * 30-day window reads only its days. Thread-safe.
 */
final class AppointmentStore {

    private final NavigableMap<Long, AlfaDocsAppointment> byId = new TreeMap<>();
    private final NavigableMap<LocalDate, TreeSet<Long>> byDay = new TreeMap<>();
    private long nextId = 1;

    synchronized AlfaDocsAppointment add(AlfaDocsAppointment appointment) {
        AlfaDocsAppointment withId = appointment.withId(nextId++);
        put(withId);
        return withId;
    }

    synchronized void put(AlfaDocsAppointment appointment) {
        LocalDate day = day(appointment.date());
        delete(appointment.id());
        byId.put(appointment.id(), appointment);
        byDay.computeIfAbsent(day, d -> new TreeSet<>()).add(appointment.id());
        nextId = Math.max(nextId, appointment.id() + 1);
    }

    synchronized boolean delete(long id) {
        AlfaDocsAppointment old = byId.remove(id);
        if (old == null) {
            return false;
        }
        TreeSet<Long> ids = byDay.get(day(old.date()));
        ids.remove(id);
        if (ids.isEmpty()) {
            byDay.remove(day(old.date()));
        }
        return true;
    }

    synchronized AlfaDocsAppointment get(long id) {
        return byId.get(id);
    }

    /** Appointments on the days from {@code start} to {@code end}, both included, by day then id. */
    synchronized List<AlfaDocsAppointment> between(LocalDate start, LocalDate end) {
        List<AlfaDocsAppointment> found = new ArrayList<>();
        byDay.subMap(start, true, end, true).values().forEach(ids -> ids.forEach(id -> found.add(byId.get(id))));
        return found;
    }

    synchronized List<AlfaDocsAppointment> all() {
        return List.copyOf(byId.values());
    }

    synchronized int count() {
        return byId.size();
    }

    static LocalDate day(String date) {
        try {
            return OffsetDateTime.parse(date).toLocalDate();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("An appointment's date must be ISO-8601 with an offset"
                    + " (2025-03-10T09:30:00+01:00), got " + date, e);
        }
    }
}
