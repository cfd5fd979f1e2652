/**
 * A fake GoHighLevel API v2 ({@link dev.ferry.testkit.saas.gohighlevel.FakeGoHighLevel}) and its
 * standalone server for benchmarks ({@link dev.ferry.testkit.saas.gohighlevel.FakeGoHighLevelServer}),
 * written from the project's API notes (GoHighLevel's public OpenAPI files and marketplace
 * documentation), not from GoHighLevel's code.
 *
 * <p>What it models: locations with their custom fields, calendars, users and duplicate-contact
 * setting; contacts (create, upsert by e-mail then phone, read, update, delete, search with
 * page or {@code searchAfter} paging); appointments (create, update, read, delete, list by time
 * range) with 422 validation, slot and booking-range checks and their {@code ignore*} flags;
 * bearer tokens bound to a location, expiring after a day, with rotating refresh tokens through
 * {@code POST /oauth/token}; the {@code Version} header per product; 100 requests per 10 s and
 * 200,000 per day per location, enforced, with the {@code X-RateLimit-*} headers; faults and a log
 * of every request.
 *
 * <p>What it does not model: agency (company) tokens, scopes, calendar opening hours and team
 * members, recurring appointments, blocked slots, notes, tags and other contact sub-resources,
 * webhooks. Each undocumented detail says which choice the fake made.
 */
package dev.ferry.testkit.saas.gohighlevel;
