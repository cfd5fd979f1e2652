/**
 * A fake Microsoft Graph Planner API ({@link dev.ferry.testkit.saas.planner.FakePlanner}) and its
 * standalone server for benchmarks ({@link dev.ferry.testkit.saas.planner.FakePlannerServer}),
 * written from the project's API notes (the public Graph documentation), not from Microsoft's code.
 *
 * <p>What it models: plans and their tasks; the task list paged by {@code @odata.nextLink}; task
 * read, create, patch and delete with etags and {@code If-Match} (412 when a task changed behind the
 * client's back, which a test can do); bearer tokens; throttling (429 with {@code Retry-After}) as a
 * switch or an optional limit; Graph's error shape; faults and a log of every request.
 *
 * <p>What it does not model: buckets and plans as resources, task details and board formats,
 * delta queries (beta only), batching ({@code $batch}), token acquisition from Entra ID. Each
 * undocumented detail says which choice the fake made.
 */
package dev.ferry.testkit.saas.planner;
