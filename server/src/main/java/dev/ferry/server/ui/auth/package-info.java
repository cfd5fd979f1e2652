/**
 * Who is signed in to the dashboard: users and their Argon2id password hashes ({@code UserService},
 * {@code PasswordHasher}), sessions kept in the server's store ({@code SessionService}), and the
 * check before every dashboard request ({@code UiAuth}: session cookie, CSRF token, same origin).
 * The API never reads these: it takes bearer tokens; its {@code /api/users} routes ({@code UserRoutes})
 * manage the same users.
 */
package dev.ferry.server.ui.auth;
