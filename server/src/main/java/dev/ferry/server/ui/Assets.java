package dev.ferry.server.ui;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The dashboard's static files, from the jar: its own stylesheet and script, and htmx and its
 * Server-Sent Events extension from their WebJars. Only the files named here are served; they change with a release, so browsers may keep
 * them for a day.
 */
final class Assets {
    private static final String HTMX_VERSION = "2.0.10";
    private static final String HTMX_SSE_VERSION = "2.2.2";
    private record Asset(String resource, String type) {
    }

    private static final Map<String, Asset> FILES = Map.of(
            "htmx.min.js", new Asset("META-INF/resources/webjars/htmx.org/" + HTMX_VERSION + "/dist/htmx.min.js",
                    "text/javascript"),
            "htmx-sse.js", new Asset("META-INF/resources/webjars/htmx-ext-sse/" + HTMX_SSE_VERSION + "/sse.js",
                    "text/javascript"),
            "ferry.css", new Asset("dev/ferry/server/ui/assets/ferry.css", "text/css"),
            "ferry.js", new Asset("dev/ferry/server/ui/assets/ferry.js", "text/javascript"),
            "favicon.svg", new Asset("dev/ferry/server/ui/assets/favicon.svg", "image/svg+xml"));

    private Assets() {
    }

    static void serve(Context ctx) throws IOException {
        Asset asset = FILES.get(ctx.pathParam("file"));
        if (asset == null) {
            throw new HttpResponseException(404, "No such file");
        }
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(asset.resource())) {
            if (in == null) {
                throw new IllegalStateException("The dashboard's " + asset.resource() + " is missing from the jar");
            }
            ctx.contentType(asset.type() + "; charset=utf-8").header("Cache-Control", "public, max-age=86400")
                    .result(in.readAllBytes());
        }
    }
}
