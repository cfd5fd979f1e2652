/**
 * A fake AlfaDocs API ({@link dev.ferry.testkit.saas.alfadocs.FakeAlfaDocs}) and its standalone
 * server for benchmarks ({@link dev.ferry.testkit.saas.alfadocs.FakeAlfaDocsServer}), written from
 * the project's API notes (the public OpenAPI "AlfaDocs API 1.1.1" and what team 4's scripts rely
 * on), not from AlfaDocs' code.
 *
 * <p>What it models: one practice and archive behind {@code X-Api-Key}; {@code GET /me};
 * patients paged by {@code links.next} (generated from their id, so 100,000 cost almost no
 * memory, with the dirty values the cleaning rules exist for); appointments by 30-day
 * {@code dateStart}/{@code dateEnd} windows; care plans with {@code schemeCodes.general}, some
 * answering 403; a counted 10 requests/s limit; faults and a log of every request.
 *
 * <p>What it does not model: OAuth 2 (only API keys), writes through the API, other practices or
 * archives, any search or filter of patients, stable paging while data changes (offset paging
 * shifts, as it would for real). Each undocumented detail says which choice the fake made.
 */
package dev.ferry.testkit.saas.alfadocs;
