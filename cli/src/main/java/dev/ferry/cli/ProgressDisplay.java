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
import java.util.HashMap;
import java.util.Map;

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

    /** Plain lines that show progress at most every {@code progressEvery} per stream. */
    static ProgressDisplay lines(PrintWriter err, Duration progressEvery) {
        return new Lines(err, false, progressEvery.toNanos());
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

    /**
     * Plain log lines, and progress every few seconds per stream so long streams show life in a log
     * file. Synchronized: streams running in parallel report from their own threads.
     */
    private static final class Lines extends ProgressDisplay {
        private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;
        private final boolean quiet;
        private final long progressEveryNanos;
        private final Map<String, StreamWatch> streams = new HashMap<>();

        /** When a stream started and last showed progress, and its estimate (negative when none). */
        private static final class StreamWatch {
            final long started = System.nanoTime();
            long lastProgress = started;
            long estimate = -1;
        }

        Lines(PrintWriter err, boolean quiet) {
            this(err, quiet, PROGRESS_EVERY_NANOS);
        }

        Lines(PrintWriter err, boolean quiet, long progressEveryNanos) {
            super(err);
            this.quiet = quiet;
            this.progressEveryNanos = progressEveryNanos;
        }

        @Override
        public synchronized void log(String level, String stream, String message) {
            if (!quiet || !"INFO".equals(level)) {
                printLine(level, stream, message);
            }
        }

        @Override
        public synchronized void streamStarted(String stream) {
            streams.put(stream, new StreamWatch());
        }

        @Override
        public synchronized void streamSized(String stream, long estimatedRows) {
            streams.computeIfAbsent(stream, name -> new StreamWatch()).estimate = estimatedRows;
        }

        @Override
        public synchronized void progress(StreamStats stats) {
            StreamWatch watch = streams.computeIfAbsent(stats.stream(), name -> new StreamWatch());
            long now = System.nanoTime();
            if (!quiet && now - watch.lastProgress >= progressEveryNanos) {
                watch.lastProgress = now;
                printLine("INFO", stats.stream(), progressText(stats, watch.estimate, Duration.ofNanos(now - watch.started)));
            }
        }

        @Override
        public synchronized void streamFinished(StreamStats stats, boolean succeeded) {
            streams.remove(stats.stream());
        }
    }

    /**
     * A live bar for one stream at a time (a terminal line holds one); log lines print above it. When
     * streams run in parallel, the bar follows the first that reports, and on its end passes to the next
     * stream that reports progress. Synchronized: streams running in parallel report from their own threads.
     */
    private static final class Bars extends ProgressDisplay {
        /** The source's estimate of each running stream's rows; absent when none. */
        private final Map<String, Long> estimates = new HashMap<>();
        private ProgressBar bar;
        private String barStream;

        Bars(PrintWriter err) {
            super(err);
        }

        @Override
        public synchronized void streamStarted(String stream) {
            if (bar == null) {
                open(stream, 0);
            }
        }

        private void open(String stream, long read) {
            barStream = stream;
            bar = new ProgressBarBuilder()
                    .setTaskName(stream)
                    .setInitialMax(estimates.getOrDefault(stream, -1L))
                    .startsFrom(read, Duration.ZERO)
                    .setUnit(" rows", 1)
                    .showSpeed(new DecimalFormat("#,##0"))
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true)))
                    .build();
            if (estimates.containsKey(stream)) {
                bar.setExtraMessage(" (total estimated)");
            }
        }

        @Override
        public synchronized void streamSized(String stream, long estimatedRows) {
            estimates.put(stream, estimatedRows);
            if (stream.equals(barStream)) {
                bar.maxHint(estimatedRows);
                bar.setExtraMessage(" (total estimated)");
            }
        }

        @Override
        public synchronized void progress(StreamStats stats) {
            if (bar == null) {
                open(stats.stream(), stats.read());
            }
            if (!stats.stream().equals(barStream)) {
                return;
            }
            Long estimate = estimates.get(barStream);
            if (estimate != null && stats.read() > estimate) {
                // the estimate was low (stale statistics): no total beats a wrong one
                estimates.remove(barStream);
                bar.maxHint(-1);
                bar.setExtraMessage("");
            }
            bar.stepTo(stats.read());
        }

        @Override
        public synchronized void streamFinished(StreamStats stats, boolean succeeded) {
            Long estimate = estimates.remove(stats.stream());
            if (stats.stream().equals(barStream)) {
                if (succeeded && estimate != null) {
                    bar.maxHint(stats.read()); // a finished read is 100%, however far off the estimate was
                }
                bar.stepTo(stats.read());
                bar.close();
                bar = null;
                barStream = null;
            }
        }

        @Override
        public synchronized void log(String level, String stream, String message) {
            if (bar == null || !"INFO".equals(level)) {
                printLine(level, stream, message);
            }
        }
    }
}
