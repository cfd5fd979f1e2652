package dev.ferry.testkit.saas.gohighlevel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.saas.SaasRequest;
import dev.ferry.testkit.saas.SaasResponse;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appointments (Version {@code 2021-04-15}).
 *
 * <p>Create requires {@code calendarId, locationId, contactId, startTime}; takes {@code endTime}
 * (default: start + the calendar's slot), {@code title}, {@code address}, {@code assignedUserId},
 * {@code appointmentStatus} (new|confirmed|cancelled|showed|noshow|invalid; default
 * {@code confirmed}, a choice), and the booleans {@code ignoreFreeSlotValidation},
 * {@code ignoreDateRange}, {@code toNotify}. Invalid input answers 422 with every problem in
 * {@code message}. Then, as choices where the documentation only names the flags: a calendar,
 * contact or user (assignedUserId) unknown in the location answers 400; without
 * {@code ignoreFreeSlotValidation}, a slot overlapping another live appointment of the calendar
 * answers 400; without {@code ignoreDateRange}, a start in the past or beyond the calendar's
 * booking window answers 400.
 *
 * <p>Answers: create 201 and update 200 with the appointment itself; get 200 {@code {event}}
 * (UNCONFIRMED wrapper name); delete 200 {@code {succeeded: true}}; the list 200
 * {@code {events}} with the appointments overlapping [startTime, endTime] (epoch ms).
 */
final class AppointmentRoutes {

    static final List<String> STATUSES = List.of("new", "confirmed", "cancelled", "showed", "noshow", "invalid");

    private final GhlStore store;
    private final GhlTokens tokens;
    private final Clock clock;

    AppointmentRoutes(GhlStore store, GhlTokens tokens, Clock clock) {
        this.store = store;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** The fields of a create or update body, each null when absent. */
    private record Input(String calendarId, String locationId, String contactId, OffsetDateTime startTime,
                         OffsetDateTime endTime, String title, String address, String assignedUserId, String status,
                         Boolean ignoreFreeSlotValidation, Boolean ignoreDateRange, Boolean toNotify) {

        static Input read(JsonNode body, boolean create) {
            Validation validation = new Validation(body);
            Input input = new Input(validation.string("calendarId", create), validation.string("locationId", create),
                    validation.string("contactId", create), validation.dateTime("startTime", create),
                    validation.dateTime("endTime", false), validation.string("title", false),
                    validation.string("address", false), validation.string("assignedUserId", false),
                    validation.oneOf("appointmentStatus", STATUSES), validation.bool("ignoreFreeSlotValidation"),
                    validation.bool("ignoreDateRange"), validation.bool("toNotify"));
            if (input.startTime() != null && input.endTime() != null && !input.endTime().isAfter(input.startTime())) {
                validation.problem("endTime must be after startTime");
            }
            validation.check();
            return input;
        }
    }

    SaasResponse create(SaasRequest request) {
        Input input = Input.read(ContactRoutes.body(request), true);
        ContactRoutes.checkLocation(request, tokens, input.locationId());
        synchronized (store) {
            GhlLocation location = store.location(input.locationId());
            GhlCalendar calendar = calendar(location, input.calendarId());
            checkContact(input.contactId(), location.id);
            checkUser(location, input.assignedUserId());
            OffsetDateTime end = input.endTime() != null ? input.endTime() : input.startTime().plus(calendar.slotDuration());
            checkSlot(calendar, input, input.startTime(), end, null);
            Instant now = clock.instant();
            GhlAppointment appointment = new GhlAppointment(store.newId(), location.id, calendar.id(), input.contactId(),
                    input.title(), input.startTime(), end, input.status() == null ? "confirmed" : input.status(),
                    input.assignedUserId(), input.address(), input.ignoreDateRange(), input.ignoreFreeSlotValidation(),
                    input.toNotify(), now, now);
            store.putAppointment(appointment);
            return SaasResponse.json(201, appointment.toJson());
        }
    }

    SaasResponse update(SaasRequest request) {
        Input input = Input.read(ContactRoutes.body(request), false);
        ContactRoutes.checkLocation(request, tokens, input.locationId());
        synchronized (store) {
            GhlAppointment current = existing(request);
            GhlLocation location = store.location(current.locationId());
            GhlCalendar calendar = calendar(location, input.calendarId() != null ? input.calendarId() : current.calendarId());
            String contactId = input.contactId() != null ? input.contactId() : current.contactId();
            checkContact(contactId, location.id);
            if (input.assignedUserId() != null) {
                checkUser(location, input.assignedUserId());
            }
            OffsetDateTime start = input.startTime() != null ? input.startTime() : current.startTime();
            OffsetDateTime end = input.endTime() != null ? input.endTime()
                    : input.startTime() != null ? start.plus(java.time.Duration.between(current.startTime(), current.endTime()))
                    : current.endTime();
            if (!end.isAfter(start)) {
                throw GhlErrors.unprocessable(List.of("endTime must be after startTime"));
            }
            String status = input.status() != null ? input.status() : current.appointmentStatus();
            if (input.startTime() != null || input.endTime() != null || input.calendarId() != null) {
                checkSlot(calendar, input, start, end, current.id());
            }
            GhlAppointment updated = new GhlAppointment(current.id(), current.locationId(), calendar.id(), contactId,
                    input.title() != null ? input.title() : current.title(), start, end, status,
                    input.assignedUserId() != null ? input.assignedUserId() : current.assignedUserId(),
                    input.address() != null ? input.address() : current.address(),
                    input.ignoreDateRange() != null ? input.ignoreDateRange() : current.ignoreDateRange(),
                    input.ignoreFreeSlotValidation() != null ? input.ignoreFreeSlotValidation() : current.ignoreFreeSlotValidation(),
                    input.toNotify() != null ? input.toNotify() : current.toNotify(), current.dateAdded(), clock.instant());
            store.putAppointment(updated);
            return SaasResponse.ok(updated.toJson());
        }
    }

    SaasResponse get(SaasRequest request) {
        return SaasResponse.ok(Map.of("event", existing(request).toJson()));
    }

    SaasResponse delete(SaasRequest request) {
        synchronized (store) {
            store.deleteAppointment(existing(request).id());
        }
        return SaasResponse.ok(Map.of("succeeded", true));
    }

    /** {@code GET /calendars/events?locationId&startTime&endTime} (epoch ms) and one of calendarId, userId, groupId. */
    SaasResponse list(SaasRequest request) {
        Validation problems = Validation.ofQuery();
        String locationId = request.queryParameter("locationId");
        if (locationId == null || locationId.isEmpty()) {
            problems.problem("locationId should not be empty");
        }
        Long start = millis(request, "startTime", problems);
        Long end = millis(request, "endTime", problems);
        String calendarId = request.queryParameter("calendarId");
        String userId = request.queryParameter("userId");
        String groupId = request.queryParameter("groupId");
        if (calendarId == null && userId == null && groupId == null) {
            problems.problem("One of calendarId, userId or groupId is required");
        }
        problems.check();
        ContactRoutes.checkLocation(request, tokens, locationId);
        OffsetDateTime from = Instant.ofEpochMilli(start).atOffset(ZoneOffset.UTC);
        OffsetDateTime to = Instant.ofEpochMilli(end).atOffset(ZoneOffset.UTC);
        synchronized (store) {
            GhlLocation location = store.location(locationId);
            List<Map<String, Object>> events = store.appointments().stream()
                    .filter(appointment -> appointment.locationId().equals(locationId))
                    .filter(appointment -> calendarId == null || appointment.calendarId().equals(calendarId))
                    .filter(appointment -> userId == null || userId.equals(appointment.assignedUserId()))
                    .filter(appointment -> groupId == null || location.calendars.containsKey(appointment.calendarId())
                            && groupId.equals(location.calendars.get(appointment.calendarId()).groupId()))
                    .filter(appointment -> appointment.overlaps(from, to))
                    .sorted(Comparator.comparing(GhlAppointment::startTime).thenComparing(GhlAppointment::id))
                    .map(GhlAppointment::toJson)
                    .toList();
            return SaasResponse.ok(Map.of("events", events));
        }
    }

    private static Long millis(SaasRequest request, String name, Validation problems) {
        String text = request.queryParameter(name);
        if (text == null || text.isEmpty()) {
            problems.problem(name + " should not be empty");
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            problems.problem(name + " must be a number of milliseconds since the epoch");
            return null;
        }
    }

    private GhlAppointment existing(SaasRequest request) {
        GhlAppointment appointment = store.appointment(request.pathParameter("eventId"));
        if (appointment == null || !appointment.locationId().equals(GhlGuard.locationOf(request, tokens))) {
            throw GhlErrors.http(404, "Event not found");
        }
        return appointment;
    }

    private static GhlCalendar calendar(GhlLocation location, String calendarId) {
        GhlCalendar calendar = location.calendars.get(calendarId);
        if (calendar == null) {
            throw GhlErrors.http(400, "Calendar not found: " + calendarId);
        }
        return calendar;
    }

    private void checkContact(String contactId, String locationId) {
        GhlContact contact = store.contact(contactId);
        if (contact == null || !contact.locationId().equals(locationId)) {
            throw GhlErrors.http(400, "Contact not found: " + contactId);
        }
    }

    private static void checkUser(GhlLocation location, String userId) {
        if (userId != null && !location.users.contains(userId)) {
            throw GhlErrors.http(400, "User not found: " + userId);
        }
    }

    private void checkSlot(GhlCalendar calendar, Input input, OffsetDateTime start, OffsetDateTime end, String exceptId) {
        if (!Boolean.TRUE.equals(input.ignoreDateRange())) {
            Instant now = clock.instant();
            if (start.toInstant().isBefore(now) || start.toInstant().isAfter(now.plus(calendar.bookingWindow()))) {
                throw GhlErrors.http(400, "The appointment is outside the calendar's booking range"
                        + " (send ignoreDateRange: true to book it anyway)");
            }
        }
        if (!Boolean.TRUE.equals(input.ignoreFreeSlotValidation())) {
            boolean taken = store.appointments().stream()
                    .filter(other -> other.calendarId().equals(calendar.id()) && !other.id().equals(exceptId))
                    .filter(other -> !other.appointmentStatus().equals("cancelled"))
                    .anyMatch(other -> other.overlaps(start, end));
            if (taken) {
                throw GhlErrors.http(400, "The slot you have selected is no longer available");
            }
        }
    }
}
