package dev.ferry.server.auth;

import dev.ferry.api.FerryException;
import dev.ferry.server.store.Sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creates, checks and revokes API tokens. A token is 32 random bytes; only its SHA-256 hash is
 * stored, so the store's files never give one away. A fast hash is enough here (unlike for
 * passwords): the token has 256 bits of entropy, nothing to guess.
 *
 * <p>Thread-safe.
 */
public final class TokenService {
    /** Tokens start with this, so that secret scanners and people can tell what one is. */
    public static final String PREFIX = "fy_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

    private final Sql sql;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public TokenService(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /**
     * Creates a token.
     *
     * @throws NameTaken                when a token of that name exists
     * @throws IllegalArgumentException when the name is not valid
     */
    public IssuedToken create(String name, Role role) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A token name is 1 to 64 letters, digits, _ . @ or -");
        }
        if (find(name).isPresent()) {
            throw new NameTaken(name);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String value = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        sql.update("store token " + name, "INSERT INTO ferry_api_token (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)",
                name, role.label(), hash(value), now.toEpochMilli());
        return new IssuedToken(new TokenInfo(name, role, now, null), value);
    }

    /** The caller a presented token stands for; empty when it is unknown or revoked. */
    public Optional<TokenInfo> authenticate(String presented) {
        if (presented == null || !presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String hash = hash(presented);
        Optional<TokenInfo> token = sql.queryOne("look up a token",
                "SELECT name, role, created_at, last_used_at FROM ferry_api_token WHERE token_hash = ? AND revoked_at IS NULL",
                TokenService::info, hash);
        token.ifPresent(found -> noteUse(hash, found));
        return token;
    }

    /** Every token that is not revoked, by name. */
    public List<TokenInfo> list() {
        return sql.query("list tokens", "SELECT name, role, created_at, last_used_at FROM ferry_api_token "
                + "WHERE revoked_at IS NULL ORDER BY name", TokenService::info);
    }

    public Optional<TokenInfo> find(String name) {
        return sql.queryOne("look up token " + name, "SELECT name, role, created_at, last_used_at FROM ferry_api_token "
                + "WHERE name = ? AND revoked_at IS NULL", TokenService::info, name);
    }

    /**
     * Revokes a token; its name can then be used again. Returns whether one was revoked. The row
     * stays, renamed, so the audit log's references to it keep their meaning.
     */
    public boolean revoke(String name) {
        long now = clock.millis();
        return sql.update("revoke token " + name, "UPDATE ferry_api_token SET revoked_at = ?, name = ? "
                + "WHERE name = ? AND revoked_at IS NULL", now, name + "#revoked-" + now, name) > 0;
    }

    /** Whether any token exists: a server without one tells how to create the first. */
    public boolean any() {
        return !list().isEmpty();
    }

    private void noteUse(String hash, TokenInfo token) {
        // At most once a minute per token: a busy client must not turn every read into a write.
        long now = clock.millis();
        if (token.lastUsedAt() == null || now - token.lastUsedAt().toEpochMilli() > 60_000) {
            sql.update("note a token's use", "UPDATE ferry_api_token SET last_used_at = ? WHERE token_hash = ?", now, hash);
        }
    }

    private static TokenInfo info(ResultSet row) throws SQLException {
        long lastUsed = row.getLong("last_used_at");
        boolean neverUsed = row.wasNull();
        return new TokenInfo(row.getString("name"), Role.parse(row.getString("role")).orElseThrow(),
                Instant.ofEpochMilli(row.getLong("created_at")), neverUsed ? null : Instant.ofEpochMilli(lastUsed));
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new FerryException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** A token of this name exists already. */
    public static final class NameTaken extends IllegalArgumentException {
        public NameTaken(String name) {
            super("A token named " + name + " exists; revoke it first or choose another name");
        }
    }
}
