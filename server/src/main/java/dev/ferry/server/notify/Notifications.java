package dev.ferry.server.notify;

import dev.ferry.engine.config.loader.SecretResolver;
import dev.ferry.server.ServerParts;
import dev.ferry.server.http.ApiRoutes;
import dev.ferry.server.runs.RunEvents;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The notifications part of a server, wired from its {@link ServerParts}: the service listening to
 * run events, the settings, and their routes. {@link #close} stops listening, then lets notices
 * already decided be sent for a few seconds.
 *
 * <p>{@code ${file:PATH}} references of the global settings are read from the server's working
 * directory when relative.
 */
public final class Notifications implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

    private final NotificationService service;
    private final NotificationSettingsService settings;
    private final Deliveries deliveries;
    private final ServerParts parts;
    private final RunEvents.Subscription subscription;

    private Notifications(NotificationService service, NotificationSettingsService settings, Deliveries deliveries,
                          ServerParts parts) {
        this.service = service;
        this.settings = settings;
        this.deliveries = deliveries;
        this.parts = parts;
        this.subscription = service.listen(parts.events());
    }

    /**
     * @param ownUrl the server's own base URL, used in links when no public URL is set
     */
    public static Notifications start(ServerParts parts, Supplier<String> ownUrl) {
        var serverSettings = parts.settings();
        SecretResolver secrets = new SecretResolver(serverSettings.environment(), Path.of("").toAbsolutePath());
        NotificationSettingsStore store = new NotificationSettingsStore(parts.sql(), serverSettings.clock());
        Deliveries deliveries = new Deliveries(parts.sql(), serverSettings.clock());
        String publicUrl = serverSettings.notifications().publicUrl();
        NotificationService service = new NotificationService(parts.pipelines(), store, serverSettings.notifications().smtp(),
                new FailureStreaks(parts.sql(), serverSettings.clock()), deliveries, secrets,
                publicUrl != null ? () -> publicUrl : ownUrl, serverSettings.clock());
        SmtpServer smtp = serverSettings.notifications().smtp();
        if (smtp != null) {
            LOG.info("Notices are mailed through {}:{} ({}{}) from {}, unless the API sets another SMTP server", smtp.host(),
                    smtp.port(), smtp.security().name().toLowerCase(Locale.ROOT),
                    smtp.user() == null ? ", no login" : ", as " + smtp.user(), smtp.from());
        }
        return new Notifications(service, new NotificationSettingsService(store, service, secrets), deliveries, parts);
    }

    public void register(ApiRoutes routes) {
        new NotificationRoutes(settings, service, deliveries, parts.audit()).register(routes);
    }

    public NotificationService service() {
        return service;
    }

    /** The global settings, which the dashboard's Settings page reads and changes as the API does. */
    public NotificationSettingsService settings() {
        return settings;
    }

    @Override
    public void close() {
        subscription.close();
        service.close();
    }
}
