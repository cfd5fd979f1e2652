package dev.ferry.engine.run;

/**
 * Choices made for one run.
 *
 * @param onlyStream  run only this stream; null for all
 * @param fullRefresh forget stored checkpoints and hashes first, so every stream reads from the beginning
 * @param trigger     what started the run, for the history: {@code cli}, {@code every}, {@code demo}
 * @param reconcileDeletes scan the source's keys of incremental streams with deletes in this run,
 *                    whatever their {@code reconcile_every}
 */
public record RunOptions(String onlyStream, boolean fullRefresh, String trigger, boolean reconcileDeletes) {

    public RunOptions(String onlyStream, boolean fullRefresh, String trigger) {
        this(onlyStream, fullRefresh, trigger, false);
    }

    public static RunOptions all(String trigger) {
        return new RunOptions(null, false, trigger);
    }
}
