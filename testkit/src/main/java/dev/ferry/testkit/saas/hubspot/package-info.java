/**
 * A fake HubSpot CRM v3 API ({@link dev.ferry.testkit.saas.hubspot.FakeHubSpot}) and its
 * standalone server for benchmarks ({@link dev.ferry.testkit.saas.hubspot.FakeHubSpotServer}),
 * written from the project's API notes (HubSpot's developer documentation), not from HubSpot's code.
 *
 * <p>What it models: contacts, companies and deals with string properties and the system
 * properties a client reads changes by; the list, single read, search and batch routes with their
 * documented limits; OAuth tokens (30-minute access tokens, refresh tokens that rotate only when a
 * test asks); the per-account burst, daily and search rate limits with their headers, counted and
 * enforced; HubSpot's error and 429 bodies; faults and a log of every request.
 *
 * <p>What it does not model: associations, property definitions and history, pipelines, owners,
 * private-app tokens and scopes, webhooks. Each undocumented detail says which choice the fake made.
 */
package dev.ferry.testkit.saas.hubspot;
