package dev.ferry.testkit.saas.gohighlevel;

import java.time.Duration;

/**
 * A calendar of a location. {@code slotDuration} is the length of an appointment sent without
 * {@code endTime}; {@code bookingWindow} how far ahead (from now) an appointment may start when
 * {@code ignoreDateRange} is not true. Both defaults (30 minutes, 30 days) are choices: the
 * documentation ties them to calendar settings the fake does not model.
 */
public record GhlCalendar(String id, String locationId, String name, String groupId, Duration slotDuration,
                          Duration bookingWindow) {

    public static final Duration DEFAULT_SLOT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_BOOKING_WINDOW = Duration.ofDays(30);
}
