package dev.ferry.connectors.jdbc;

import java.util.Locale;

/**
 * The {@code host:port} a JDBC URL connects to, named in connection errors so a user sees which
 * server failed to answer without the URL, whose parameters may hold secrets.
 */
final class JdbcEndpoints {

    private JdbcEndpoints() {
    }

    /**
     * The endpoint (several, comma-separated, for multi-host URLs), the driver's default port filled
     * in; null for file databases and URLs this does not understand.
     */
    static String of(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        int defaultPort;
        if (lower.startsWith("jdbc:postgresql:")) {
            defaultPort = 5432;
        } else if (lower.startsWith("jdbc:mariadb:") || lower.startsWith("jdbc:mysql:")) {
            defaultPort = 3306;
        } else if (lower.startsWith("jdbc:sqlserver:")) {
            defaultPort = 1433;
        } else {
            return null;
        }
        int slashes = url.indexOf("//");
        if (slashes < 0) {
            return "localhost:" + defaultPort;
        }
        int start = slashes + 2;
        int end = start;
        while (end < url.length() && "/?;#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        if (authority.isEmpty()) {
            return "localhost:" + defaultPort;
        }
        StringBuilder endpoints = new StringBuilder();
        for (String host : authority.split(",")) {
            if (!endpoints.isEmpty()) {
                endpoints.append(',');
            }
            endpoints.append(withPort(host.strip(), defaultPort));
        }
        return endpoints.toString();
    }

    private static String withPort(String host, int defaultPort) {
        boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
        return hasPort ? host : host + ":" + defaultPort;
    }
}
