package dev.ferry.connectors.http.paging;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** URLs with query parameters set, replacing a parameter of the same name the URL has. */
public final class QueryUris {
    private QueryUris() {
    }

    public static URI with(URI uri, Map<String, String> params) {
        if (params.isEmpty()) {
            return uri;
        }
        List<String> pairs = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String name = java.net.URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                if (!pair.isEmpty() && !params.containsKey(name)) {
                    pairs.add(pair);
                }
            }
        }
        params.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
        String text = uri.toString();
        int query = text.indexOf('?');
        int fragment = text.indexOf('#');
        String base = query >= 0 ? text.substring(0, query) : fragment >= 0 ? text.substring(0, fragment) : text;
        return URI.create(base + "?" + String.join("&", pairs));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
