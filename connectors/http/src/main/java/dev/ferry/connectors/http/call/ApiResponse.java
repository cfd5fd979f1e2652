package dev.ferry.connectors.http.call;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** An answer: its status, headers and body, and the URL that gave it (after redirects). */
public record ApiResponse(int status, HttpHeaders headers, byte[] body, URI uri) {

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
