/**
 * What the fakes of SaaS APIs share: {@link dev.ferry.testkit.saas.FakeHttpServer} (the JDK's HTTP
 * server on 127.0.0.1, routes by method and path pattern, JSON in and out, every request recorded),
 * {@link dev.ferry.testkit.saas.RateLimitWindow} (counts requests per window and records each
 * request over the limit as a violation, so a test can assert that a connector kept to a
 * documented limit), and {@link dev.ferry.testkit.saas.Fault} (the next requests of a route
 * answered with a chosen status, headers and body, or delayed). Every fake extends
 * {@link dev.ferry.testkit.saas.SaasFake}, so that tests drive faults and the request log of each
 * the same way, and its standalone server for benchmarks starts through
 * {@link dev.ferry.testkit.saas.StandaloneFake}.
 *
 * <p>Each API has its own subpackage with its fake, written from the facts gathered in the
 * project's API notes, not from the vendor's code: {@code alfadocs}, {@code gohighlevel},
 * {@code hubspot}, {@code powerbi} and {@code planner}.
 * Every error body is shaped by the fake of the API it imitates; this package knows no shape.
 */
package dev.ferry.testkit.saas;
