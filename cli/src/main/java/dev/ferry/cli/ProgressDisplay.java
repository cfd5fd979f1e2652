package dev.ferry.cli;

import dev.ferry.engine.run.RunListener;
import dev.ferry.engine.state.StreamStats;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Shows a run to a person: a progress bar with rows and rows per second on a terminal, plain
 * timestamped log lines otherwise (for logs and pipes), only warnings and errors when quiet.
 */
abstract class ProgressDisplay implements RunListener {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    protected final PrintWriter err;

    private ProgressDisplay(PrintWriter err) {
        this.err = err;
    }

    static ProgressDisplay forTerminal(PrintWriter err) {
        return System.console() != null ? new Bars(err) : new Lines(err, false);
    }

    static ProgressDisplay quiet(PrintWriter err) {
        return new Lines(err, true);
    }

    protected void printLine(String level, String stream, String message) {
        err.println(LocalTime.now().format(TIME) + " " + level + (stream != null ? " [" + stream + "] " : " ") + message);
        err.flush();
    }

    /** Plain log lines, and progress every few seconds so long streams show life in a log file. */
    private static final class Lines extends ProgressDisplay {
        private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;
        private final boolean quiet;
        private long lastProgress = System.nanoTime();

        Lines(PrintWriter err, boolean quiet) {
            super(err);
            this.quiet = quiet;
        }

        @Override
        public void log(String level, String stream, String message) {
            if (!quiet || !"INFO".equals(level)) {
                printLine(level, stream, message);
            }
        }

        @Override
        public void progress(StreamStats stats) {
            long now = System.nanoTime();
            if (!quiet && now - lastProgress >= PROGRESS_EVERY_NANOS) {
                lastProgress = now;
                printLine("INFO", stats.stream(), String.format("%,d read; committed: %,d inserted, %,d updated, %,d unchanged, %,d deleted",
                        stats.read(), stats.inserted(), stats.updated(), stats.unchanged(), stats.deleted()));
            }
        }
    }

    /** A live bar per stream; log lines print above it. */
    private static final class Bars extends ProgressDisplay {
        private ProgressBar bar;

        Bars(PrintWriter err) {
            super(err);
        }

        @Override
        public void streamStarted(String stream) {
            bar = new ProgressBarBuilder()
                    .setTaskName(stream)
                    .setInitialMax(-1)
                    .setUnit(" rows", 1)
                    .showSpeed(new DecimalFormat("#,##0"))
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true)))
                    .build();
        }

        @Override
        public void progress(StreamStats stats) {
            if (bar != null) {
                bar.stepTo(stats.read());
            }
        }

        @Override
        public void streamFinished(StreamStats stats, boolean succeeded) {
            if (bar != null) {
                bar.stepTo(stats.read());
                bar.close();
                bar = null;
            }
        }

        @Override
        public void log(String level, String stream, String message) {
            if (bar == null || !"INFO".equals(level)) {
                printLine(level, stream, message);
            }
        }
    }
}
