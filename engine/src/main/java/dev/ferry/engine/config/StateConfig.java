package dev.ferry.engine.config;

import dev.ferry.api.Secret;

import java.util.Objects;

/**
 * Where a pipeline keeps its state and run history.
 *
 * @param url      a JDBC URL: {@code jdbc:sqlite:PATH} (the default, an embedded file) or
 *                 {@code jdbc:postgresql://...}; never null
 * @param user     null when none is needed
 * @param password null when none is needed
 */
public record StateConfig(String url, String user, Secret password) {

    /** The embedded default: a SQLite file beside the working directory. */
    public static final String DEFAULT_URL = "jdbc:sqlite:.ferry/state.db";

    public StateConfig {
        Objects.requireNonNull(url, "state url");
    }

    public static StateConfig embeddedDefault() {
        return new StateConfig(DEFAULT_URL, null, null);
    }
}
