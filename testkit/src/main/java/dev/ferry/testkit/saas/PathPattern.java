package dev.ferry.testkit.saas;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A path with {@code {name}} segments, e.g. {@code /practices/{practiceId}/patients/{id}}. A
 * trailing slash is ignored on both sides, since the APIs faked here document some paths with one
 * ({@code POST /contacts/}) and clients send either.
 */
public record PathPattern(String text, List<String> segments) {

    public static PathPattern of(String text) {
        return new PathPattern(text, split(text));
    }

    /** The path parameters when the path matches, else null. */
    public Map<String, String> match(String path) {
        List<String> actual = split(path);
        if (actual.size() != segments.size()) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            String value = URLDecoder.decode(actual.get(i), StandardCharsets.UTF_8);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                if (value.isEmpty()) {
                    return null;
                }
                parameters.put(expected.substring(1, expected.length() - 1), value);
            } else if (!expected.equals(value)) {
                return null;
            }
        }
        return parameters;
    }

    private static List<String> split(String path) {
        String trimmed = path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
    }
}
