package dev.ferry.cli;

import dev.ferry.api.Secret;
import dev.ferry.engine.config.StateConfig;
import picocli.CommandLine.Option;

/**
 * The state store of the server commands: {@code --state URL}, else {@code FERRY_STATE_URL}, else the
 * embedded default. A password comes from {@code FERRY_STATE_PASSWORD}, never from the command line,
 * where other users of the machine could read it.
 */
final class StateOption {
    @Option(names = "--state", paramLabel = "URL", description = "The state store: jdbc:sqlite:PATH or "
            + "jdbc:postgresql://HOST:PORT/DB (default: $FERRY_STATE_URL, else " + StateConfig.DEFAULT_URL + "). "
            + "Its user and password come from $FERRY_STATE_USER and $FERRY_STATE_PASSWORD.")
    String url;

    StateConfig config() {
        String chosen = url != null ? url : System.getenv("FERRY_STATE_URL");
        if (chosen == null || chosen.isBlank()) {
            return StateConfig.embeddedDefault();
        }
        String password = System.getenv("FERRY_STATE_PASSWORD");
        return new StateConfig(chosen, System.getenv("FERRY_STATE_USER"),
                password == null || password.isEmpty() ? null : Secret.of(password));
    }
}
