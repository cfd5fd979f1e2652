package dev.ferry.server.runs;

import java.util.List;

/**
 * A request to run a pipeline now.
 *
 * @param streams     run only these streams; empty for all
 * @param fullRefresh forget their checkpoints and hashes first
 * @param trigger     what asks: {@code api:<token>}, {@code schedule}, {@code after:<pipeline>}, {@code trigger:<token>}, ...
 */
public record RunRequest(List<String> streams, boolean fullRefresh, String trigger) {
    public RunRequest {
        streams = streams == null ? List.of() : List.copyOf(streams);
    }

    public static RunRequest all(String trigger) {
        return new RunRequest(List.of(), false, trigger);
    }
}
