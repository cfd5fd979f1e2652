package dev.ferry.server.ui;

/**
 * The dashboard's URLs, shared by the handlers that answer them and the templates that link to
 * them, so the two cannot drift. Everything outside {@code /api/}, the operations endpoints and
 * these is not the dashboard's.
 */
public final class UiPaths {
    public static final String OVERVIEW = "/";
    public static final String SIGN_IN = "/signin";
    public static final String SIGN_OUT = "/signout";
    public static final String PIPELINE = "/pipelines/{name}";
    public static final String PIPELINE_SYNC = "/pipelines/{name}/sync";
    public static final String PIPELINE_PAUSE = "/pipelines/{name}/pause";
    public static final String PIPELINE_RESUME = "/pipelines/{name}/resume";
    /** A stored pipeline's YAML: the editor's form posts here to save it. */
    public static final String PIPELINE_YAML = "/pipelines/{name}/yaml";
    /** The editor's located problems, checked while the YAML is being written (an htmx fragment). */
    public static final String PIPELINE_YAML_CHECK = "/pipelines/{name}/yaml/check";
    public static final String RUN = "/runs/{id}";
    /**
     * A run's live part as Server-Sent Events (state, counts, new log lines), which its page follows
     * while the run goes.
     */
    public static final String RUN_STREAM = "/runs/{id}/stream";
    public static final String RUN_CANCEL = "/runs/{id}/cancel";
    public static final String LOGS = "/logs";
    public static final String CONNECTIONS = "/connections";
    public static final String SCHEDULES = "/schedules";
    public static final String SETTINGS = "/settings";
    public static final String STATUS = "/status";
    public static final String CONNECTION_NEW = "/connections/new";
    public static final String CONNECTION_EDIT = "/connections/{name}/edit";
    public static final String CONNECTION_DELETE = "/connections/{name}/delete";
    /** Test and Discover answer htmx fragments. */
    public static final String CONNECTION_CHECK = "/connections/{name}/check";
    public static final String CONNECTION_DISCOVER = "/connections/{name}/discover";
    /** The pipeline wizard: its first step (names and connections), then one page of choices. */
    public static final String WIZARD = "/build";
    public static final String WIZARD_TABLES = "/build/tables";
    public static final String WIZARD_PREVIEW = "/build/preview";
    public static final String WIZARD_YAML = "/build/yaml";
    public static final String SETTINGS_NOTIFICATIONS = "/settings/notifications";
    public static final String SETTINGS_NOTIFICATIONS_TEST = "/settings/notifications/test";
    /** The mail server form: saving it keeps the emails and webhooks. */
    public static final String SETTINGS_SMTP = "/settings/smtp";
    /** Drops the mail server saved here, falling back to the one given at start. */
    public static final String SETTINGS_SMTP_REMOVE = "/settings/smtp/remove";
    public static final String SETTINGS_TOKENS = "/settings/tokens";
    public static final String SETTINGS_TOKEN_REVOKE = "/settings/tokens/{name}/revoke";
    public static final String SETTINGS_USERS = "/settings/users";
    public static final String SETTINGS_USER_DELETE = "/settings/users/{name}/delete";
    public static final String STATUS_CHECK = "/status/check";
    public static final String ASSETS = "/assets/";
    /** The overview's pipeline table alone, which the page polls to stay current. */
    public static final String OVERVIEW_TABLE = "/fragments/pipelines";
    /** Runs of this node starting and ending, as Server-Sent Events, for the overview to refresh its table. */
    public static final String RUN_EVENTS = "/events/runs";

    /** The form field and the htmx header that carry a session's CSRF token. */
    public static final String CSRF_FIELD = "_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private UiPaths() {
    }

    public static String pipeline(String name) {
        return "/pipelines/" + encode(name);
    }

    public static String pipelineAction(String name, String action) {
        return "/pipelines/" + encode(name) + "/" + action;
    }

    /** The editor of a pipeline's YAML, on its page. */
    public static String pipelineEditor(String name) {
        return pipeline(name) + "#yaml";
    }

    /** {@code action}: edit, delete, check or discover. */
    public static String connection(String name, String action) {
        return "/connections/" + encode(name) + "/" + action;
    }

    public static String tokenRevoke(String name) {
        return "/settings/tokens/" + encode(name) + "/revoke";
    }

    public static String userDelete(String name) {
        return "/settings/users/" + encode(name) + "/delete";
    }

    public static String run(long id) {
        return "/runs/" + id;
    }

    /** The live part of run {@code id} as events, with the log lines after line {@code afterLineId}. */
    public static String runStream(long id, long afterLineId) {
        return "/runs/" + id + "/stream?after=" + afterLineId;
    }

    public static String runCancel(long id) {
        return "/runs/" + id + "/cancel";
    }

    /** Whether a request path belongs to the dashboard (and so answers HTML, signed in by a session cookie). */
    public static boolean isDashboard(String path) {
        return !(path.startsWith("/api/") || path.equals("/api") || path.equals("/health") || path.equals("/ready")
                || path.equals("/metrics"));
    }

    /** Whether a dashboard path is open without a session: the sign-in page and the static assets. */
    public static boolean isPublic(String path) {
        return path.equals(SIGN_IN) || path.startsWith(ASSETS) || path.equals("/favicon.ico");
    }

    private static String encode(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
