/**
 * A fake Power BI REST API ({@link dev.ferry.testkit.saas.powerbi.FakePowerBi}) and its standalone
 * server for benchmarks ({@link dev.ferry.testkit.saas.powerbi.FakePowerBiServer}), written from the
 * project's API notes and Microsoft's public REST reference, not from Microsoft's code.
 *
 * <p>What it models: datasets in My workspace or a group; {@code executeQueries} answering
 * registered rows or the rows of a table read by a few simple DAX forms, with the documented
 * one-query, one-table and row/value limits and the cut answer a client must detect; push datasets
 * taking rows into declared tables, with the per-request, per-hour and per-minute limits; bearer
 * tokens per user; the per-user query limit; faults and a log of every request.
 *
 * <p>What it does not model: DAX itself, dataset and table metadata routes, refreshes,
 * impersonation and row-level security, the 15 MB answer limit, token acquisition from Entra ID.
 * Each undocumented detail says which choice the fake made.
 */
package dev.ferry.testkit.saas.powerbi;
