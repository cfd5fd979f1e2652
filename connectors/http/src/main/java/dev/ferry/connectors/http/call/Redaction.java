package dev.ferry.connectors.http.call;

import dev.ferry.api.UrlSecrets;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes a call's request and answer fit for the run log: credential headers shown as {@code ****},
 * every secret value of the connection masked wherever it appears (a URL's query, an echoing error
 * body), and bodies cut at a length a log line can hold.
 */
public final class Redaction {
    static final int BODY_SHOWN = 4000;
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie", "x-api-key", "api-key", "apikey");

    private final List<String> secrets;
    private final Set<String> secretHeaders;

    /**
     * @param secrets       the connection's secret values (keys, tokens, passwords), masked wherever they appear
     * @param secretHeaders headers the definition puts a credential in, beyond the usual ones
     */
    public Redaction(List<String> secrets, Set<String> secretHeaders) {
        // Longest first, so a secret that contains another is masked whole.
        this.secrets = secrets.stream().filter(secret -> secret != null && secret.length() >= 4)
                .sorted((a, b) -> b.length() - a.length()).toList();
        this.secretHeaders = secretHeaders.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, UrlSecrets.MASK);
        }
        return masked;
    }

    /** The status, headers and body of an answer, for the run log. */
    public String describe(String method, String url, ApiResponse response) {
        StringBuilder text = new StringBuilder().append(method).append(' ').append(mask(url)).append(" answered ")
                .append(response.status());
        text.append("; headers: ").append(headers(response.headers()));
        String body = mask(response.bodyText());
        if (body.length() > BODY_SHOWN) {
            body = body.substring(0, BODY_SHOWN) + "… (" + response.body().length + " bytes in all)";
        }
        text.append("; body: ").append(body.isEmpty() ? "(empty)" : body);
        return text.toString();
    }

    private String headers(HttpHeaders headers) {
        return headers.map().entrySet().stream()
                .filter(header -> !header.getKey().startsWith(":"))
                .map(header -> header.getKey() + ": " + (isSecret(header.getKey()) ? UrlSecrets.MASK
                        : mask(String.join(", ", header.getValue()))))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private boolean isSecret(String header) {
        String lower = header.toLowerCase(Locale.ROOT);
        return CREDENTIAL_HEADERS.contains(lower) || secretHeaders.contains(lower) || UrlSecrets.isSecretName(lower.replace('-', '_'));
    }
}
