package dev.ferry.server.ui.pages;

import dev.ferry.server.connections.ConnectionView;

/** A stored connection as the Connections page lists it: the API's view (no secret values) and its last check. */
public record ConnectionRow(ConnectionView view, ConnectionChecks.LastCheck lastCheck) {
}
