package dev.ferry.server.http;

import io.javalin.http.Context;

/** How errors of requests that want HTML (the dashboard's) are answered, instead of the API's JSON body. */
public interface HtmlErrors {
    /** Whether this request is answered in HTML. */
    boolean wants(Context ctx);

    /** Answers the request with {@code status} and a page saying {@code message}. */
    void render(Context ctx, int status, String message);
}
