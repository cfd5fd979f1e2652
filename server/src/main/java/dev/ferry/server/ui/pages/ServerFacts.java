package dev.ferry.server.ui.pages;

import dev.ferry.server.ServerSettings;

import java.util.ArrayList;
import java.util.List;

/** The server's settings given at start, as Settings shows them: read-only, never a password. */
public record ServerFacts(List<Fact> facts) {
    public record Fact(String label, String value) {
    }

    public static ServerFacts of(ServerSettings settings) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Listening on", settings.bind() + ":" + settings.port()));
        facts.add(new Fact("State store", settings.state().shownUrl()));
        facts.add(new Fact("Pipelines folder", settings.pipelinesFolder() == null ? "none (pipelines from the API only)"
                : settings.pipelinesFolder().toString()));
        facts.add(new Fact("Data folder", settings.dataFolder().toString()));
        facts.add(new Fact("Run logs folder", settings.logsFolder() == null ? "none" : settings.logsFolder().toString()));
        facts.add(new Fact("Largest request body", settings.maxBodyBytes() + " bytes"));
        facts.add(new Fact("Shutdown timeout", settings.shutdownTimeout().toSeconds() + " s"));
        facts.add(new Fact("Rate limit per token", settings.rateLimit().perMinute() + " requests a minute, bursts of "
                + settings.rateLimit().burst()));
        facts.add(new Fact("Public URL in notices", settings.notifications().publicUrl() == null ? "none (the server's own)"
                : settings.notifications().publicUrl()));
        return new ServerFacts(facts);
    }
}
