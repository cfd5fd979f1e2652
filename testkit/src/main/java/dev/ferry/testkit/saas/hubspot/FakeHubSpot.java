package dev.ferry.testkit.saas.hubspot;

import dev.ferry.testkit.saas.FakeHttpServer;
import dev.ferry.testkit.saas.RateLimitWindow;
import dev.ferry.testkit.saas.SaasFake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake HubSpot CRM v3 API (one account) on 127.0.0.1, for tests and benchmarks of connectors that
 * read and write contacts, companies and deals.
 *
 * <p>Follows the documented facts (HubSpot's developer docs as gathered in the project's API notes):
 * objects {@code {id, properties, createdAt, updatedAt, archived}} under {@code /crm/v3/objects/{type}};
 * the list with {@code limit} (at most 100), {@code after} and {@code properties}, answering
 * {@code paging.next.after} and {@code link}; search with filter groups (5 × 6, 18 in all), one sort,
 * {@code limit} at most 200, at most 10,000 results per query, 5 requests/s, no rate-limit headers;
 * batch read, create, update, upsert ({@code {id, idProperty, properties}}) and archive with at most
 * 100 inputs; 110 requests per 10 s per account for an OAuth app and a daily limit, with the
 * {@code X-HubSpot-RateLimit-*} headers and the documented 429 body; errors {@code {status, message,
 * correlationId, errors, category}}; {@code POST /oauth/v3/token} with 30-minute access tokens and
 * 400 {@code BAD_REFRESH_TOKEN}.
 *
 * <p>Choices where the documentation is silent, each marked UNCONFIRMED in its class: what a list
 * {@code limit} over 100 answers (400), the cursors' form, the search's default order and what the
 * request past the 10,000th result answers, partial batch answers (207), the 401 and OAuth error
 * bodies, no {@code Retry-After} on 429. Refresh tokens do not rotate unless a test turns rotation
 * on ({@link #setRotatingRefreshTokens}). Associations, properties' definitions and history,
 * pipelines and webhooks are not modelled.
 *
 * <p>Its {@link #baseUrl()} stands for both {@code api.hubapi.com} and {@code api.hubspot.com}.
 */
public final class FakeHubSpot extends SaasFake {

    public static final long DEFAULT_HUB_ID = 62_515_001L;

    private final Clock clock;
    private final HubSpotStore store;
    private final HubSpotTokens tokens;
    private final AtomicReference<HubSpotRateLimits> limits = new AtomicReference<>();
    private final String clientId = "fake-hubspot-client-" + randomHex();
    private final String clientSecret = "fake-hubspot-secret-" + randomHex();
    private final HubSpotTokens.Issued initial;
    private final FakeHttpServer server;

    private FakeHubSpot(int port, Clock clock) {
        // Milliseconds, as HubSpot writes times and as search filters compare them.
        clock = Clock.tick(clock, Duration.ofMillis(1));
        this.clock = clock;
        this.store = new HubSpotStore(clock);
        this.tokens = new HubSpotTokens(clock);
        limits.set(new HubSpotRateLimits(HubSpotRateLimits.BURST, HubSpotRateLimits.BURST_WINDOW, HubSpotRateLimits.DAILY,
                HubSpotRateLimits.SEARCH, true, clock));
        initial = tokens.issue(DEFAULT_HUB_ID);
        AtomicReference<String> baseUrl = new AtomicReference<>();
        ObjectRoutes objects = new ObjectRoutes(store, baseUrl::get);
        SearchRoute search = new SearchRoute(store);
        OAuthRoute oauth = new OAuthRoute(tokens, clientId, clientSecret);
        server = new FakeHttpServer(port, "", new FakeHttpServer.Routes()
                .add("POST", "/crm/v3/objects/{type}/search", search::search)
                .add("POST", "/crm/v3/objects/{type}/batch/read", objects::batchRead)
                .add("POST", "/crm/v3/objects/{type}/batch/create", objects::batchCreate)
                .add("POST", "/crm/v3/objects/{type}/batch/update", objects::batchUpdate)
                .add("POST", "/crm/v3/objects/{type}/batch/upsert", objects::batchUpsert)
                .add("POST", "/crm/v3/objects/{type}/batch/archive", objects::batchArchive)
                .add("GET", "/crm/v3/objects/{type}", objects::list)
                .add("GET", "/crm/v3/objects/{type}/{id}", objects::get)
                .add("POST", "/oauth/v3/token", oauth::token)
                .list(), new HubSpotGuard(tokens, limits), HubSpotErrors::error, clock, this::stats);
        baseUrl.set(server.rootUrl());
    }

    public static FakeHubSpot start() {
        return start(0, Clock.systemUTC());
    }

    /** On this loopback port (0: a free one), with this clock for rate limits, token expiry and timestamps. */
    public static FakeHubSpot start(int port, Clock clock) {
        return new FakeHubSpot(port, clock);
    }

    @Override
    protected FakeHttpServer server() {
        return server;
    }

    // ---- tokens

    /** The access token issued at start (valid 30 minutes by the fake's clock). */
    public String accessToken() {
        return initial.accessToken();
    }

    public String refreshToken() {
        return initial.refreshToken();
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public long hubId() {
        return DEFAULT_HUB_ID;
    }

    /** Makes the token answer 401 ({@code EXPIRED_AUTHENTICATION}) from now on. */
    public void expireToken(String token) {
        tokens.expire(token);
    }

    /** Accepts a token for the account, valid 30 minutes from now. */
    public void registerToken(String token) {
        tokens.register(token, DEFAULT_HUB_ID, HubSpotTokens.ACCESS_LIFETIME);
    }

    /** A one-use code for {@code grant_type=authorization_code}. */
    public String issueAuthorizationCode() {
        return tokens.issueCode(DEFAULT_HUB_ID);
    }

    /** With rotation on, each refresh answers a new refresh token and the used one is refused after (off by default). */
    public void setRotatingRefreshTokens(boolean rotating) {
        tokens.setRotating(rotating);
    }

    // ---- objects

    /** Declares a property with unique values (e.g. a custom external id) that upserts may match on. */
    public void addUniqueProperty(String type, String property) {
        store.addUniqueProperty(HubSpotObjectType.of(type), property);
    }

    /** Stores an object as if created in the app, at the clock's time; no uniqueness check. */
    public HubSpotObject putObject(String type, Map<String, String> properties) {
        return store.create(HubSpotObjectType.of(type), properties, clock.instant());
    }

    /** Changes properties (an empty value clears one) and moves {@code updatedAt} to the clock's time. */
    public HubSpotObject modify(String type, String id, Map<String, String> properties) {
        HubSpotObject updated = store.update(HubSpotObjectType.of(type), id, properties, clock.instant());
        if (updated == null) {
            throw new IllegalArgumentException("The fake HubSpot has no live " + type + " " + id);
        }
        return updated;
    }

    public HubSpotObject archive(String type, String id) {
        return store.archive(HubSpotObjectType.of(type), id, clock.instant());
    }

    /**
     * Stores {@code count} objects with small made-up properties (contacts {@code contact<i>@example.com},
     * companies {@code Company <i>}, deals {@code Deal <i>} with an amount), created and last modified
     * one millisecond apart and ending at the clock's time, so that windows by modification time split them.
     */
    public List<HubSpotObject> generate(String type, int count) {
        HubSpotObjectType objectType = HubSpotObjectType.of(type);
        Instant end = clock.instant();
        List<HubSpotObject> created = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, String> properties = switch (objectType) {
                case CONTACTS -> Map.of("firstname", "Contact", "lastname", Integer.toString(i), "email", "contact" + i + "@example.com");
                case COMPANIES -> Map.of("name", "Company " + i, "domain", "company" + i + ".example.com");
                case DEALS -> Map.of("dealname", "Deal " + i, "amount", Integer.toString(100 + i), "dealstage", "appointmentscheduled",
                        "pipeline", "default");
            };
            created.add(store.create(objectType, properties, end.minusMillis(count - 1 - i)));
        }
        return created;
    }

    /** Every object of the type, archived ones included, by id. */
    public List<HubSpotObject> objects(String type) {
        return store.all(HubSpotObjectType.of(type));
    }

    public HubSpotObject object(String type, String id) {
        return store.find(HubSpotObjectType.of(type), id);
    }

    // ---- rate limits, faults, requests

    /**
     * Replaces the limits (defaults: 110 per 10 s, 250,000 a day, 5 searches a second); when not
     * {@code enforced}, requests over a limit are served and only counted as violations.
     */
    public void setRateLimits(int burst, Duration window, int daily, int searchesPerSecond, boolean enforced) {
        limits.set(new HubSpotRateLimits(burst, window, daily, searchesPerSecond, enforced, clock));
    }

    public RateLimitWindow burstLimit() {
        return limits.get().burst();
    }

    public RateLimitWindow dailyLimit() {
        return limits.get().daily();
    }

    public RateLimitWindow searchLimit() {
        return limits.get().search();
    }

    /** Requests over any limit so far (answered 429 when enforced). */
    public long violations() {
        return limits.get().violations();
    }

    private Object stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        for (HubSpotObjectType type : HubSpotObjectType.values()) {
            stats.put(type.path, store.count(type));
        }
        stats.put("violations", violations());
        stats.put("highestCountInWindow", limits.get().burst().highestCountInWindow());
        stats.put("requestsByRoute", requestCounts());
        return stats;
    }
}
