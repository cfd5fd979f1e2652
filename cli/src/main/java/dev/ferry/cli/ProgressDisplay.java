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
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Shows a run to a person: a progress bar with rows and rows per second on a terminal, plain
 * timestamped log lines otherwise (for logs and pipes), only warnings and errors when quiet. When
 * the source estimates a stream's rows, the bar gets a total, a percentage and a time left, and the
 * plain lines say the same.
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

    /**
     * A progress line's text: {@code 12,000 read, 11,500 written}, or with an estimate
     * {@code 12,000 of ~1,000,000 read (1%, about 3 min left), 11,500 written}.
     *
     * @param estimate the source's estimate of the stream's rows; negative when there is none
     * @param elapsed  time since the stream started
     */
    static String progressText(StreamStats stats, long estimate, Duration elapsed) {
        String written = String.format("committed: %,d inserted, %,d updated, %,d unchanged, %,d deleted",
                stats.inserted(), stats.updated(), stats.unchanged(), stats.deleted());
        if (estimate < 0) {
            return String.format("%,d read; ", stats.read()) + written;
        }
        if (stats.read() > estimate) {
            return String.format("%,d read (more than the ~%,d estimated); ", stats.read(), estimate) + written;
        }
        String percent = estimate == 0 ? "100%" : (stats.read() * 100 / estimate) + "%";
        String left = "";
        if (stats.read() > 0 && !elapsed.isZero()) {
            long secondsLeft = elapsed.toMillis() * (estimate - stats.read()) / stats.read() / 1000;
            left = secondsLeft < 60 ? ", about " + Math.max(1, secondsLeft) + " s left"
                    : ", about " + ((secondsLeft + 30) / 60) + " min left";
        }
        return String.format("%,d of ~%,d read (", stats.read(), estimate) + percent + left + "); " + written;
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
        private long streamStarted = System.nanoTime();
        private long estimate = -1;

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
        public void streamStarted(String stream) {
            streamStarted = System.nanoTime();
            estimate = -1;
        }

        @Override
        public void streamSized(String stream, long estimatedRows) {
            estimate = estimatedRows;
        }

        @Override
        public void progress(StreamStats stats) {
            long now = System.nanoTime();
            if (!quiet && now - lastProgress >= PROGRESS_EVERY_NANOS) {
                lastProgress = now;
                printLine("INFO", stats.stream(), progressText(stats, estimate, Duration.ofNanos(now - streamStarted)));
            }
        }
    }

    /** A live bar per stream; log lines print above it. */
    private static final class Bars extends ProgressDisplay {
        private ProgressBar bar;
        private long estimate = -1;

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
            estimate = -1;
        }

        @Override
        public void streamSized(String stream, long estimatedRows) {
            if (bar != null) {
                estimate = estimatedRows;
                bar.maxHint(estimatedRows);
                bar.setExtraMessage(" (total estimated)");
            }
        }

        @Override
        public void progress(StreamStats stats) {
            if (bar != null) {
                if (estimate >= 0 && stats.read() > estimate) {
                    // the estimate was low (stale statistics): no total beats a wrong one
                    estimate = -1;
                    bar.maxHint(-1);
                    bar.setExtraMessage("");
                }
                bar.stepTo(stats.read());
            }
        }

        @Override
        public void streamFinished(StreamStats stats, boolean succeeded) {
            if (bar != null) {
                if (succeeded && estimate >= 0) {
                    bar.maxHint(stats.read()); // a finished read is 100%, however far off the estimate was
                }
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
