package dev.ferry.cli;

/** The exit codes scripts and schedulers can rely on. */
final class ExitCode {
    /** The command did what was asked (a run also when stopped gracefully). */
    static final int OK = 0;
    /** A run, a stream or a connection check failed. */
    static final int FAILED = 1;
    /** The command line or the pipeline file is wrong; nothing was run. */
    static final int USAGE = 2;

    private ExitCode() {
    }
}
