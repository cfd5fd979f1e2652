package dev.ferry.engine.config.loader;

import java.util.regex.Pattern;

/**
 * A first check of a five-field cron expression as a file is loaded, so a mistake is reported with
 * its line; the scheduler that runs it computes its times.
 */
final class CronFields {
    private static final String[] NAMES = {"minute", "hour", "day of month", "month", "day of week"};
    private static final Pattern FIELD = Pattern.compile("[0-9A-Za-z*/,?LW#-]+");

    private CronFields() {
    }

    /** Null when the expression has the right shape, else what is wrong. */
    static String check(String expression) {
        String[] fields = expression.strip().split("\\s+");
        if (fields.length != 5) {
            return "must have five fields (minute hour day-of-month month day-of-week), as in \"15 */4 * * *\"; found "
                    + fields.length;
        }
        for (int i = 0; i < fields.length; i++) {
            if (!FIELD.matcher(fields[i]).matches()) {
                return "its " + NAMES[i] + " field '" + fields[i] + "' is not valid cron";
            }
        }
        return null;
    }
}
