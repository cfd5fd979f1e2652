package dev.ferry.cli;

/** The exit codes scripts and schedulers can rely on. */
final class ExitCode {
    /** The command did what was asked (a run also when stopped gracefully). */
    static final int OK = 0;
    /**
     * A run, a stream or a connection check failed; for {@code run --every}, the last run that ended
     * by itself (not stopped) failed.
     */
    static final int FAILED = 1;
    /** The command line or the pipeline file is wrong; nothing was run. */
    static final int USAGE = 2;
    /** Another run of the pipeline is in progress (it holds the pipeline's lock); nothing was run. */
    static final int BUSY = 3;

    private ExitCode() {
    }
}
