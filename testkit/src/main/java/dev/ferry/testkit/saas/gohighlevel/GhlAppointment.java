package dev.ferry.testkit.saas.gohighlevel;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored appointment, with the request flags the API takes but does not answer
 * ({@code ignoreDateRange}, {@code ignoreFreeSlotValidation}, {@code toNotify}, as last sent;
 * null when never sent) so a test can check what a connector asked for.
 */
public record GhlAppointment(String id, String locationId, String calendarId, String contactId, String title,
                             OffsetDateTime startTime, OffsetDateTime endTime, String appointmentStatus,
                             String assignedUserId, String address, Boolean ignoreDateRange,
                             Boolean ignoreFreeSlotValidation, Boolean toNotify, Instant dateAdded, Instant dateUpdated) {

    /** Seconds always written, as the API's examples show ({@code 2021-06-23T03:30:00+05:30}). */
    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    boolean overlaps(OffsetDateTime start, OffsetDateTime end) {
        return startTime.isBefore(end) && endTime.isAfter(start);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("calendarId", calendarId);
        json.put("locationId", locationId);
        json.put("contactId", contactId);
        json.put("title", title);
        json.put("startTime", startTime.format(TIME));
        json.put("endTime", endTime.format(TIME));
        json.put("appointmentStatus", appointmentStatus);
        json.put("assignedUserId", assignedUserId);
        json.put("address", address);
        json.put("isRecurring", false);
        json.put("dateAdded", dateAdded.toString());
        json.put("dateUpdated", dateUpdated.toString());
        return json;
    }
}
