package dev.ferry.server.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ferry.api.FerryException;
import dev.ferry.server.http.Json;
import dev.ferry.server.store.Sql;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the {@link GlobalNotifications} in one row of {@code ferry_notify_settings}, as JSON. Read
 * afresh for every notice, so that every node of a cluster uses what was last saved on any of them.
 *
 * <p>Thread-safe.
 */
public final class NotificationSettingsStore {
    private final Sql sql;
    private final Clock clock;

    public NotificationSettingsStore(Sql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** The saved settings, or {@link GlobalNotifications#NONE} when none were saved. */
    public GlobalNotifications load() {
        return saved().map(Saved::settings).orElse(GlobalNotifications.NONE);
    }

    /** The saved settings with when and by whom; empty when none were saved. */
    public Optional<Saved> saved() {
        return sql.queryOne("read the notification settings",
                "SELECT settings, updated_at, updated_by FROM ferry_notify_settings WHERE id = 1",
                row -> new Saved(parse(row.getString("settings")), Instant.ofEpochMilli(row.getLong("updated_at")),
                        row.getString("updated_by")));
    }

    public void save(GlobalNotifications settings, String actor) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new FerryException("Notification settings cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        sql.update("save the notification settings",
                "INSERT INTO ferry_notify_settings (id, settings, updated_at, updated_by) VALUES (1, ?, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at, "
                        + "updated_by = excluded.updated_by",
                json, clock.millis(), actor);
    }

    private static GlobalNotifications parse(String json) {
        try {
            return Json.MAPPER.readValue(json, GlobalNotifications.class);
        } catch (JsonProcessingException e) {
            throw new FerryException("The stored notification settings cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    /** Settings as saved. */
    public record Saved(GlobalNotifications settings, Instant at, String by) {
    }
}
