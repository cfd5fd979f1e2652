package dev.ferry.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the passwords a connection URL may carry, so they can be refused in configuration files and
 * masked wherever a URL is shown: the value of a parameter named like a password
 * ({@code ?password=...}, {@code ;password=...} for SQL Server, {@code pwd}, {@code sslpassword}, ...)
 * and the password of a {@code user:password@host} authority.
 *
 * <p>Stateless; safe to call from any thread.
 */
public final class UrlSecrets {

    /** What a masked secret is shown as. */
    public static final String MASK = "****";

    private UrlSecrets() {
    }

    /**
     * Where one secret sits in a URL.
     *
     * @param name  the parameter's name as written, or {@code user:password@} for an authority's password
     * @param start the index of the value's first character
     * @param end   the index after the value's last character
     */
    public record Span(String name, int start, int end) {
        /** The value in {@code url}. */
        public String valueIn(String url) {
            return url.substring(start, end);
        }
    }

    /** Whether a parameter of this name holds a secret (case-insensitive). */
    public static boolean isSecretName(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return lower.equals("pwd") || lower.equals("passwd") || lower.equals("pass") || lower.endsWith("password")
                || lower.endsWith("secret") || lower.endsWith("token") || lower.endsWith("auth_key")
                || lower.endsWith("authkey") || lower.endsWith("api_key") || lower.endsWith("apikey")
                // An OAuth authorization code: short-lived, but it buys tokens.
                || lower.equals("code") || lower.endsWith("authorization_code");
    }

    /** Every secret in the URL, in order; empty when it holds none. Never null. */
    public static List<Span> find(String url) {
        List<Span> spans = new ArrayList<>();
        authorityPassword(url, spans);
        int i = 0;
        while (i < url.length()) {
            char c = url.charAt(i);
            if (c != '?' && c != '&' && c != ';') {
                i++;
                continue;
            }
            int nameStart = i + 1;
            int equals = nameStart;
            while (equals < url.length() && "=&;?".indexOf(url.charAt(equals)) < 0) {
                equals++;
            }
            if (equals >= url.length() || url.charAt(equals) != '=') {
                i = equals;
                continue;
            }
            int valueEnd = valueEnd(url, equals + 1);
            String name = url.substring(nameStart, equals);
            if (isSecretName(name) && valueEnd > equals + 1) {
                spans.add(new Span(name, equals + 1, valueEnd));
            }
            i = valueEnd;
        }
        return spans;
    }

    /** The URL with every secret replaced by {@link #MASK}. */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        List<Span> spans = find(url);
        if (spans.isEmpty()) {
            return url;
        }
        StringBuilder out = new StringBuilder(url.length());
        int at = 0;
        for (Span span : spans) {
            out.append(url, at, span.start()).append(MASK);
            at = span.end();
        }
        return out.append(url, at, url.length()).toString();
    }

    /** SQL Server lets a value hold separators inside braces: {@code password={a;b}}. */
    private static int valueEnd(String url, int start) {
        if (start < url.length() && url.charAt(start) == '{') {
            int close = url.indexOf('}', start);
            return close < 0 ? url.length() : close + 1;
        }
        int end = start;
        while (end < url.length() && url.charAt(end) != '&' && url.charAt(end) != ';') {
            end++;
        }
        return end;
    }

    private static void authorityPassword(String url, List<Span> spans) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return;
        }
        int start = scheme + 3;
        int end = start;
        while (end < url.length() && "/?;#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) {
            return;
        }
        int colon = url.indexOf(':', start);
        if (colon >= 0 && colon < at && colon + 1 < at) {
            spans.add(new Span("user:password@", colon + 1, at));
        }
    }
}
