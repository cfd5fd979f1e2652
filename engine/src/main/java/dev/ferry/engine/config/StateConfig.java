package dev.ferry.engine.config;

import dev.ferry.api.Secret;
import dev.ferry.api.UrlSecrets;

import java.util.Objects;

/**
 * Where a pipeline keeps its state and run history.
 *
 * @param url      a JDBC URL: {@code jdbc:sqlite:PATH} (the default, an embedded file) or
 *                 {@code jdbc:postgresql://...}; never null
 * @param user     null when none is needed
 * @param password null when none is needed
 * @param shownUrl the URL as it may be shown: as written when it holds secret references, secrets
 *                 masked otherwise; never null
 */
public record StateConfig(String url, String user, Secret password, String shownUrl) {

    /** The embedded default: a SQLite file beside the working directory. */
    public static final String DEFAULT_URL = "jdbc:sqlite:.ferry/state.db";

    public StateConfig {
        Objects.requireNonNull(url, "state url");
        Objects.requireNonNull(shownUrl, "shown state url");
    }

    /** A state store whose URL is shown with its passwords masked. */
    public StateConfig(String url, String user, Secret password) {
        this(url, user, password, UrlSecrets.mask(url));
    }

    /** The URL may hold a resolved secret, so the shown form stands in for it. */
    @Override
    public String toString() {
        return "StateConfig[url=" + shownUrl + ", user=" + user + ", password=" + (password == null ? "none" : password) + "]";
    }

    public static StateConfig embeddedDefault() {
        return new StateConfig(DEFAULT_URL, null, null);
    }
}
