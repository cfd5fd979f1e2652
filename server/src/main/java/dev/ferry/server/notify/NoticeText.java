package dev.ferry.server.notify;

import java.util.List;

/** The subject and plain-text body of a notice's email. Stateless. */
final class NoticeText {
    private NoticeText() {
    }

    static String subject(Notice notice) {
        return switch (notice.event()) {
            case FAILURE -> "[Ferry] " + notice.pipeline() + " is failing: run " + notice.runId() + " failed";
            case RECOVERY -> "[Ferry] " + notice.pipeline() + " recovered: run " + notice.runId() + " succeeded";
        };
    }

    static String body(Notice notice) {
        StringBuilder text = new StringBuilder();
        switch (notice.event()) {
            case FAILURE -> {
                text.append("Pipeline ").append(notice.pipeline()).append(" failed in run ").append(notice.runId())
                        .append(" (started by ").append(notice.trigger()).append("), ended at ").append(notice.at()).append(".\n\n");
                text.append("Failing streams: ").append(streams(notice.failedStreams())).append("\n\n");
                text.append("Error:\n").append(notice.error() == null ? "(none recorded)" : notice.error()).append("\n\n");
                text.append("Run: ").append(notice.url()).append("\n\n");
                text.append("This is the one notice of this failure streak: the next notice about ").append(notice.pipeline())
                        .append(" comes when a run succeeds again.\n");
            }
            case RECOVERY -> {
                text.append("Pipeline ").append(notice.pipeline()).append(" succeeded again in run ").append(notice.runId())
                        .append(" (started by ").append(notice.trigger()).append("), ended at ").append(notice.at()).append(".\n\n");
                text.append("It had failed ").append(notice.failedRuns()).append(notice.failedRuns() == 1 ? " time" : " times")
                        .append(" in a row since run ").append(notice.firstFailedRunId()).append(".\n\n");
                text.append("Run: ").append(notice.url()).append("\n");
            }
        }
        return text.toString();
    }

    private static String streams(List<String> streams) {
        return streams.isEmpty() ? "none (the run failed before its streams, or outside them)" : String.join(", ", streams);
    }
}
