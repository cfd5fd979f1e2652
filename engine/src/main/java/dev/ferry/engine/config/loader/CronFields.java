package dev.ferry.engine.config.loader;

import dev.ferry.engine.schedule.CronExpression;

/**
 * Checks a five-field cron expression as a file is loaded, with the parser the server schedules
 * with, so a mistake is reported with its line instead of when the server first computes a time.
 */
final class CronFields {

    private CronFields() {
    }

    /** Null when the expression is valid, else what is wrong. */
    static String check(String expression) {
        try {
            CronExpression.parse(expression);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
