package dev.ferry.server.ui.auth;

import dev.ferry.server.auth.Role;
import dev.ferry.server.store.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dashboard's people: a name, a role (the API's roles) and an Argon2id password hash
 * ({@link PasswordHasher}). Created with {@code ferry user create} or by an admin in Settings.
 */
public final class UserService {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    /** NIST SP 800-63B's floor for a memorised secret chosen by its user. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    /** A dashboard user as shown: never the hash. */
    public record User(String name, Role role, Instant createdAt, Instant lastSignInAt) {
    }

    private final Sql sql;
    private final Clock clock;
    private final PasswordHasher hasher = new PasswordHasher();

    public UserService(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /**
     * Creates a user, or sets the password and role of an existing one when {@code replace}.
     *
     * @throws IllegalArgumentException naming what is wrong with the name, the password, or an existing user
     */
    public User create(String name, Role role, String password, boolean replace) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("A user name is 1 to 64 letters, digits, _ . @ or -");
        }
        if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("A password has at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        String hash = hasher.hash(password);
        long now = clock.millis();
        if (find(name).isPresent()) {
            if (!replace) {
                throw new IllegalArgumentException("User " + name + " exists; give --replace to set a new password and role");
            }
            sql.update("update user " + name, "UPDATE ferry_ui_user SET role = ?, password_hash = ? WHERE name = ?",
                    role.label(), hash, name);
        } else {
            sql.update("create user " + name, "INSERT INTO ferry_ui_user (name, role, password_hash, created_at) "
                    + "VALUES (?, ?, ?, ?)", name, role.label(), hash, now);
        }
        return find(name).orElseThrow();
    }

    /**
     * The user these credentials belong to; empty for an unknown name or a wrong password. An
     * unknown name still costs one hash, so the answer's time does not tell which names exist.
     */
    public Optional<User> authenticate(String name, String password) {
        Optional<String> stored = name == null ? Optional.empty() : sql.queryOne("look up user " + name,
                "SELECT password_hash FROM ferry_ui_user WHERE name = ?", row -> row.getString(1), name);
        if (stored.isEmpty() || password == null) {
            hasher.matches(password == null ? "" : password, DUMMY_HASH);
            return Optional.empty();
        }
        if (!hasher.matches(password, stored.get())) {
            return Optional.empty();
        }
        sql.update("note a sign-in", "UPDATE ferry_ui_user SET last_sign_in_at = ? WHERE name = ?", clock.millis(), name);
        return find(name);
    }

    public Optional<User> find(String name) {
        return sql.queryOne("look up user " + name, "SELECT name, role, created_at, last_sign_in_at FROM ferry_ui_user "
                + "WHERE name = ?", UserService::user, name);
    }

    public List<User> list() {
        return sql.query("list users", "SELECT name, role, created_at, last_sign_in_at FROM ferry_ui_user ORDER BY name",
                UserService::user);
    }

    /** Removes a user; their sessions end with them ({@link SessionService#endAllOf}). Returns whether one existed. */
    public boolean delete(String name) {
        return sql.update("delete user " + name, "DELETE FROM ferry_ui_user WHERE name = ?", name) > 0;
    }

    private static User user(ResultSet row) throws SQLException {
        long lastSignIn = row.getLong("last_sign_in_at");
        boolean never = row.wasNull();
        return new User(row.getString("name"), Role.parse(row.getString("role")).orElseThrow(),
                Instant.ofEpochMilli(row.getLong("created_at")), never ? null : Instant.ofEpochMilli(lastSignIn));
    }

    /** A hash of a password nobody has, verified for unknown names to spend the same time. */
    private static final String DUMMY_HASH = new PasswordHasher().hash("not a password anyone has " + System.nanoTime());
}
