package dev.ferry.server.notify;

import java.net.URI;
import java.util.regex.Pattern;

/** Checks and shows notice targets. Stateless and thread-safe; every method accepts null. */
public final class NotifyTargets {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+|[^@\\s]+@localhost");

    private NotifyTargets() {
    }

    public static boolean isEmail(String text) {
        return text != null && EMAIL.matcher(text).matches();
    }

    /** Whether {@code text} is an absolute http or https URL with a host. */
    public static boolean isHttpUrl(String text) {
        if (text == null) {
            return false;
        }
        try {
            URI uri = URI.create(text);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A webhook URL as logs and the delivery log show it: scheme, host and port only, since many
     * webhook URLs carry a token in their path or query.
     */
    public static String shown(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…";
        } catch (IllegalArgumentException e) {
            return "(a malformed URL)";
        }
    }
}
