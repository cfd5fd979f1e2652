package dev.ferry.server.ui.auth;

import dev.ferry.server.auth.Role;
import dev.ferry.server.store.Sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Dashboard sessions in the server's store, so that every node of a cluster knows them and a
 * restart keeps people signed in. The cookie holds 32 random bytes; the store keeps only their
 * SHA-256. A session ends after {@link #IDLE} without a request, and at sign-out.
 */
public final class SessionService {
    public static final Duration IDLE = Duration.ofHours(12);
    /** Using a session moves its end at most this often, so that reading pages does not write on every request. */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final Sql sql;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** A new session and the cookie value that finds it, shown to the browser only. */
    public record Started(UiSession session, String cookieValue) {
    }

    public SessionService(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    public Started start(String subject, UiSession.Kind kind, Role role) {
        String value = randomText();
        Instant now = clock.instant();
        UiSession session = new UiSession(subject, kind, role, randomText(), now.plus(IDLE));
        sql.update("start a dashboard session", "INSERT INTO ferry_ui_session (id_hash, subject, kind, role, csrf_token, "
                + "created_at, seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", hash(value), subject, kind.label(),
                role.label(), session.csrfToken(), now.toEpochMilli(), now.toEpochMilli(), session.expiresAt().toEpochMilli());
        return new Started(session, value);
    }

    /** The live session this cookie value stands for, its end moved on; empty when unknown or ended. */
    public Optional<UiSession> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty()) {
            return Optional.empty();
        }
        String idHash = hash(cookieValue);
        long now = clock.millis();
        Optional<Row> row = sql.queryOne("find a dashboard session", "SELECT subject, kind, role, csrf_token, seen_at, "
                + "expires_at FROM ferry_ui_session WHERE id_hash = ?", SessionService::row, idHash);
        if (row.isEmpty() || row.get().expiresAt() <= now) {
            row.ifPresent(expired -> end(cookieValue));
            return Optional.empty();
        }
        long expires = row.get().expiresAt();
        if (now - row.get().seenAt() >= TOUCH_EVERY.toMillis()) {
            expires = now + IDLE.toMillis();
            sql.update("keep a dashboard session", "UPDATE ferry_ui_session SET seen_at = ?, expires_at = ? WHERE id_hash = ?",
                    now, expires, idHash);
        }
        return Optional.of(row.get().session(expires));
    }

    public void end(String cookieValue) {
        sql.update("end a dashboard session", "DELETE FROM ferry_ui_session WHERE id_hash = ?", hash(cookieValue));
        sql.update("remove ended dashboard sessions", "DELETE FROM ferry_ui_session WHERE expires_at <= ?", clock.millis());
    }

    /** Ends every session of a user or token (removed, or its role changed). */
    public void endAllOf(String subject, UiSession.Kind kind) {
        sql.update("end the sessions of " + subject, "DELETE FROM ferry_ui_session WHERE subject = ? AND kind = ?",
                subject, kind.label());
    }

    private record Row(String subject, UiSession.Kind kind, Role role, String csrf, long seenAt, long expiresAt) {
        UiSession session(long expires) {
            return new UiSession(subject, kind, role, csrf, Instant.ofEpochMilli(expires));
        }
    }

    private static Row row(ResultSet row) throws SQLException {
        return new Row(row.getString("subject"), UiSession.Kind.valueOf(row.getString("kind").toUpperCase(java.util.Locale.ROOT)),
                Role.parse(row.getString("role")).orElseThrow(), row.getString("csrf_token"), row.getLong("seen_at"),
                row.getLong("expires_at"));
    }

    private String randomText() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
