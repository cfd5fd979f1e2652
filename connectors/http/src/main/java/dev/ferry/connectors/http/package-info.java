/**
 * The HTTP connector family: REST APIs declared in YAML, and the SaaS providers whose definitions
 * ship in the jar ({@code providers/<name>.yaml} in the resources; a new provider is one more file
 * and its name in {@code ProviderDefinitions}).
 *
 * <p>A definition ({@code definition.DefinitionReader} reads and checks it) names the API's settings
 * (connection properties, secrets among them), its authentication, its limits and its streams. A
 * stream is a request (method, path, query and body templates, {@code definition.Template}), a
 * record selector (a JSON Pointer, {@code records.RecordSelector}), a key, a paging
 * ({@code paging.PageWalk}: next link in the body, {@code Link} header, cursor, offset, page number;
 * each with a stop condition and a guard against a page or cursor coming back), optional date
 * windows ({@code Windows}), an incremental field sent back as {@code {{since}}}, a parent stream
 * (one call per parent record), what statuses mean ({@code on_status}), and its fields, declared or
 * inferred ({@code records.SchemaInference}); values convert exactly or fail their row
 * ({@code records.FieldValues}).
 *
 * <p>Calls ({@code call.ApiClient}) share their provider account's limits across streams and runs
 * ({@code call.AccountLimits}: a sliding-window rate and a circuit breaker), have a timeout, are
 * tried again on 429, 5xx and no answer (Retry-After, else 1, 2, 4, 8, 16 s), stop on 401, and go to
 * the run log with their answer when they fail, secrets masked ({@code call.Redaction}).
 */
package dev.ferry.connectors.http;
