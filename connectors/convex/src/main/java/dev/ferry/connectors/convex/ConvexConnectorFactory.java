package dev.ferry.connectors.convex;

import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.ConnectorFactory;
import dev.ferry.api.Destination;
import dev.ferry.api.FerryException;
import dev.ferry.api.Source;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Convex deployments, type {@code convex}: the URL is the deployment's
 * ({@code https://<deployment>.convex.cloud}, or any http(s) URL given with {@code type: convex},
 * such as a self-hosted backend), the deploy key is the connection's password (or
 * {@code deploy_key}). Reads use the streaming export API ({@link ConvexSource}), writes the streaming
 * import API or the user's own mutations ({@link ConvexDestination}, {@link WriteSettings}).
 */
public final class ConvexConnectorFactory implements ConnectorFactory {
    public static final String TYPE = "convex";
    private static final String CLOUD_DOMAIN = ".convex.cloud";

    @Override
    public Set<String> types() {
        return Set.of(TYPE);
    }

    @Override
    public String typeForUrl(String url) {
        if (url == null || !url.startsWith("https://")) {
            return null;
        }
        try {
            String host = URI.create(url).getHost();
            return host != null && host.toLowerCase(Locale.ROOT).endsWith(CLOUD_DOMAIN) ? TYPE : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public Source openSource(ConnectionSpec spec) {
        WriteSettings.of(spec);
        return new ConvexSource(spec, ConvexSource.api(spec, baseUrl(spec, true)));
    }

    /** The mutation path calls public functions, which need no deploy key; the import path needs one. */
    @Override
    public Destination openDestination(ConnectionSpec spec) {
        WriteSettings writes = WriteSettings.of(spec);
        return new ConvexDestination(spec, ConvexSource.api(spec, baseUrl(spec, !writes.mutation())), ImportSettings.DEFAULT,
                writes, ConvexApi.Pause.CANCELLABLE);
    }

    /**
     * The deployment's URL without a trailing slash; throws naming the connection when it is not an
     * http(s) URL, or has no deploy key where {@code needsKey}.
     */
    static String baseUrl(ConnectionSpec spec, boolean needsKey) {
        URI uri;
        try {
            uri = URI.create(spec.url().strip());
        } catch (IllegalArgumentException e) {
            throw new FerryException("Convex connection " + spec.name() + ": url " + spec.shownUrl() + " is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new FerryException("Convex connection " + spec.name() + ": url " + spec.shownUrl()
                    + " must be the deployment's URL, such as https://happy-otter-123.convex.cloud");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new FerryException("Convex connection " + spec.name() + ": url " + spec.shownUrl()
                    + " must be the deployment's URL alone, without a query or fragment");
        }
        if (needsKey && (spec.password() == null || spec.password().isEmpty())) {
            throw new FerryException("Convex connection " + spec.name() + " needs the deployment's deploy key: "
                    + "deploy_key: ${env:NAME} (or password: ${env:NAME}), from the dashboard's deploy key settings");
        }
        String text = uri.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }
}
