package dev.ferry.engine.run;

/**
 * Choices made for one run.
 *
 * @param onlyStream  run only this stream; null for all
 * @param fullRefresh forget stored checkpoints and hashes first, so every stream reads from the beginning
 * @param trigger     what started the run, for the history: {@code cli}, {@code every}, {@code demo}
 */
public record RunOptions(String onlyStream, boolean fullRefresh, String trigger) {

    public static RunOptions all(String trigger) {
        return new RunOptions(null, false, trigger);
    }
}
