package dev.ferry.api;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Why a connection attempt failed, in the words a user can act on, found in the cause chain of a
 * driver's exception: drivers often wrap these in a message that says only that the attempt failed.
 */
public enum ConnectFailure {
    /** The host name does not resolve. */
    UNKNOWN_HOST,
    /** Nothing listens on that port, or a firewall rejects the attempt. */
    REFUSED,
    /** The host cannot be reached over the network. */
    NO_ROUTE,
    /** The server did not answer (connecting or logging in) within the connect timeout. */
    TIMED_OUT;

    /** The reason found in {@code failure} or its causes, or null when it is none of these. */
    public static ConnectFailure of(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return UNKNOWN_HOST;
            }
            if (cause instanceof NoRouteToHostException) {
                return NO_ROUTE;
            }
            if (cause instanceof ConnectException) {
                return REFUSED;
            }
            if (cause instanceof SocketTimeoutException) {
                return TIMED_OUT;
            }
            String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("timed out") || message.contains("timeout expired")) {
                return TIMED_OUT;
            }
        }
        return null;
    }

    /**
     * A sentence about {@code endpoint} ({@code host:port}), such as "127.0.0.1:5432 refused the
     * connection".
     *
     * @param timeoutSeconds the connect timeout that was in force, for {@link #TIMED_OUT}
     */
    public String describe(String endpoint, int timeoutSeconds) {
        return switch (this) {
            case UNKNOWN_HOST -> "unknown host " + hostOf(endpoint) + " (" + endpoint + "): the name does not resolve; "
                    + "check the host in the url";
            case REFUSED -> endpoint + " refused the connection: is the server running and listening on that port?";
            case NO_ROUTE -> endpoint + " cannot be reached: no route to the host";
            case TIMED_OUT -> endpoint + " did not answer: timed out after " + timeoutSeconds + " s (connect_timeout)";
        };
    }

    private static String hostOf(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        return colon > 0 && !endpoint.endsWith("]") ? endpoint.substring(0, colon) : endpoint;
    }
}
