package dev.ferry.testkit.saas.gohighlevel;

import dev.ferry.testkit.saas.FakeHttpServer;
import dev.ferry.testkit.saas.RateLimitWindow;
import dev.ferry.testkit.saas.SaasFake;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake GoHighLevel API v2 on 127.0.0.1, for tests and benchmarks of connectors that write
 * contacts and appointments.
 *
 * <p>Follows the documented facts (GoHighLevel's public OpenAPI files and marketplace docs):
 * routes at the root of the base URL; {@code Authorization: Bearer <token>}, 401
 * {@code {statusCode, message, error}} for an unknown or expired token; a required
 * {@code Version} header per product (contacts {@code 2021-07-28}, calendars {@code 2021-04-15});
 * errors as {@code {statusCode, message, error}} with {@code message} an array on 422; contacts
 * {@code POST /contacts/} (needs {@code locationId}), {@code POST /contacts/upsert} answering
 * {@code {new, contact, traceId}} under the location's duplicate rule, {@code GET|PUT|DELETE
 * /contacts/{contactId}}, {@code POST /contacts/search} answering {@code {contacts, total}};
 * appointments {@code POST /calendars/events/appointments} with its required and optional fields,
 * {@code GET|PUT /calendars/events/appointments/{eventId}}, {@code DELETE /calendars/events/{eventId}},
 * {@code GET /calendars/events}; 100 requests per 10 s and 200,000 per day per location, with the
 * {@code X-RateLimit-*} headers; {@code POST /oauth/token} with access tokens for one day.
 *
 * <p>Each class says which choices it makes where the documentation is silent (marked
 * UNCONFIRMED): the search request, the 429 body and {@code Retry-After}, the OAuth error bodies,
 * not-found answers, slot and date-range checks. A token belongs to one location (a sub-account
 * token), and the request's location is its token's.
 */
public final class FakeGoHighLevel extends SaasFake {

    public static final String DEFAULT_LOCATION = "FakeLocation00000001";

    private final Clock clock;
    private final GhlStore store = new GhlStore(new GhlIds());
    private final GhlTokens tokens;
    private final AtomicReference<GhlRateLimits> limits = new AtomicReference<>();
    private final String clientId = "fake-ghl-client";
    private final String clientSecret = "fake-ghl-secret-" + randomHex();
    private volatile GhlTokens.Issued initial;
    private final FakeHttpServer server;

    private FakeGoHighLevel(int port, Clock clock) {
        // Milliseconds, as the API writes its dates; finer instants would also make a searchAfter
        // cursor (epoch ms) fall before its own contact and page it again.
        clock = Clock.tick(clock, Duration.ofMillis(1));
        this.clock = clock;
        this.tokens = new GhlTokens(clock);
        limits.set(new GhlRateLimits(GhlRateLimits.BURST, GhlRateLimits.BURST_WINDOW, GhlRateLimits.DAILY, clock));
        store.location(DEFAULT_LOCATION);
        initial = tokens.issue(DEFAULT_LOCATION);
        ContactRoutes contacts = new ContactRoutes(store, tokens, clock);
        AppointmentRoutes appointments = new AppointmentRoutes(store, tokens, clock);
        OAuthRoute oauth = new OAuthRoute(tokens, clientId, clientSecret);
        server = new FakeHttpServer(port, "", new FakeHttpServer.Routes()
                .add("POST", "/contacts/search", contacts::search)
                .add("POST", "/contacts/upsert", contacts::upsert)
                .add("POST", "/contacts/", contacts::create)
                .add("GET", "/contacts/{contactId}", contacts::get)
                .add("PUT", "/contacts/{contactId}", contacts::update)
                .add("DELETE", "/contacts/{contactId}", contacts::delete)
                .add("GET", "/locations/{locationId}/customFields", contacts::customFields)
                .add("POST", "/calendars/events/appointments", appointments::create)
                .add("GET", "/calendars/events/appointments/{eventId}", appointments::get)
                .add("PUT", "/calendars/events/appointments/{eventId}", appointments::update)
                .add("DELETE", "/calendars/events/{eventId}", appointments::delete)
                .add("GET", "/calendars/events", appointments::list)
                .add("POST", "/oauth/token", oauth::token)
                .list(), new GhlGuard(tokens, limits), GhlErrors::error, clock, this::stats);
    }

    public static FakeGoHighLevel start() {
        return start(0, Clock.systemUTC());
    }

    /** On this loopback port (0: a free one), with this clock for rate limits, token expiry and timestamps. */
    public static FakeGoHighLevel start(int port, Clock clock) {
        return new FakeGoHighLevel(port, clock);
    }

    @Override
    protected FakeHttpServer server() {
        return server;
    }

    // ---- tokens

    /** The access token issued at start for {@link #DEFAULT_LOCATION} (valid one day by the fake's clock). */
    public String accessToken() {
        return initial.accessToken();
    }

    /** The refresh token issued with {@link #accessToken()}; usable once. */
    public String refreshToken() {
        return initial.refreshToken();
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public String locationId() {
        return DEFAULT_LOCATION;
    }

    /** Makes the token answer 401 from now on, as when its day is over. */
    public void expireToken(String token) {
        tokens.expire(token);
    }

    /** Accepts a token for a location (created if new), valid one day, like one the OAuth flow issued. */
    public void registerToken(String token, String locationId) {
        store.location(locationId);
        tokens.register(token, locationId, GhlTokens.ACCESS_LIFETIME);
    }

    /** Accepts a token that never expires, like a private integration token. */
    public void registerPrivateIntegrationToken(String token, String locationId) {
        store.location(locationId);
        tokens.register(token, locationId, null);
    }

    /** A one-use code for {@code grant_type=authorization_code}. */
    public String issueAuthorizationCode(String locationId) {
        store.location(locationId);
        return tokens.issueCode(locationId);
    }

    // ---- location set-up

    public void addCalendar(String calendarId) {
        addCalendar(DEFAULT_LOCATION, new GhlCalendar(calendarId, DEFAULT_LOCATION, "Calendar " + calendarId, null,
                GhlCalendar.DEFAULT_SLOT, GhlCalendar.DEFAULT_BOOKING_WINDOW));
    }

    public void addCalendar(String locationId, GhlCalendar calendar) {
        synchronized (store) {
            store.location(locationId).calendars.put(calendar.id(), calendar);
        }
    }

    /** A user of the location, who may be an appointment's {@code assignedUserId}. */
    public void addUser(String userId) {
        addUser(DEFAULT_LOCATION, userId);
    }

    public void addUser(String locationId, String userId) {
        synchronized (store) {
            store.location(locationId).users.add(userId);
        }
    }

    /** Defines a contact custom field; {@code key} without the {@code contact.} prefix. Returns its id. */
    public String addCustomField(String locationId, String key, String name) {
        synchronized (store) {
            String id = store.newId();
            store.location(locationId).customFields.add(new GhlCustomField(id, name, "contact." + key, "TEXT"));
            return id;
        }
    }

    public String addCustomField(String key, String name) {
        return addCustomField(DEFAULT_LOCATION, key, name);
    }

    /** Turns the location's "allow duplicate contacts" setting on or off (off by default). */
    public void allowDuplicateContacts(String locationId, boolean allowed) {
        synchronized (store) {
            store.location(locationId).allowDuplicateContacts = allowed;
        }
    }

    // ---- data

    /** Every stored contact of every location, in creation order. */
    public List<GhlContact> contacts() {
        return store.contacts();
    }

    public List<GhlContact> contacts(String locationId) {
        return store.contacts(locationId);
    }

    public GhlContact contact(String contactId) {
        return store.contact(contactId);
    }

    /** Stores a contact as if created in the app (no duplicate check); fields as the API names them. */
    public GhlContact addContact(String locationId, Map<String, String> fields) {
        ContactChanges changes = new ContactChanges(locationId, fields, List.of(), null);
        return store.createContact(locationId, changes, clock.instant());
    }

    /** Every live appointment, in creation order. */
    public List<GhlAppointment> appointments() {
        return store.appointments();
    }

    public GhlAppointment appointment(String eventId) {
        return store.appointment(eventId);
    }

    /** The ids of appointments deleted through the API, in order. */
    public List<String> deletedAppointments() {
        return store.deletedAppointments();
    }

    /** Custom field ids or keys sent in contact bodies that the location does not define (ignored by the fake). */
    public List<String> ignoredCustomFields() {
        return store.ignoredCustomFields();
    }

    // ---- rate limits, faults, requests

    /** Replaces the burst limit (default 100 per 10 s per location) and the daily one (200,000). */
    public void setRateLimits(int burst, Duration window, int daily) {
        limits.set(new GhlRateLimits(burst, window, daily, clock));
    }

    public RateLimitWindow burstLimit() {
        return limits.get().burst();
    }

    public RateLimitWindow dailyLimit() {
        return limits.get().daily();
    }

    /** Requests over the burst or daily limit so far (each answered 429). */
    public long violations() {
        return limits.get().violations();
    }

    private Object stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("contacts", store.contactCount());
        stats.put("appointments", store.appointmentCount());
        stats.put("deletedAppointments", store.deletedAppointments().size());
        stats.put("violations", violations());
        stats.put("highestCountInWindow", limits.get().burst().highestCountInWindow());
        stats.put("requestsByRoute", requestCounts());
        return stats;
    }
}
