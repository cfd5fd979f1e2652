/**
 * The web dashboard that {@code ferry serve} answers at {@code /}. {@code UiRoutes} registers every
 * page; {@code UiPaths} holds their URLs for handlers and templates alike; {@code Templates} renders
 * the JTE templates of {@code server/src/main/jte} (compiled at build time); {@code Chrome} is what
 * every page's frame shows; {@code UiErrors} answers errors as pages; {@code Assets} serves the
 * stylesheet, script and htmx from the jar.
 *
 * <p>Sign-in, sessions and CSRF live in {@code auth}; the pages in {@code pages}. A new page is a
 * class in {@code pages} that gathers its view models from the services the API uses, a template
 * beside the others, a path in {@code UiPaths}, and a line in {@code UiRoutes}.
 */
package dev.ferry.server.ui;
