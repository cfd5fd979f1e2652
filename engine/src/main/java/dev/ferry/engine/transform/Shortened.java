package dev.ferry.engine.transform;

/** How a value is quoted in a rejection: in full when short, else its start and its length. */
public final class Shortened {
    private static final int LIMIT = 60;

    private Shortened() {
    }

    public static String quote(Object value) {
        String text = String.valueOf(value);
        if (text.length() <= LIMIT) {
            return "'" + text + "'";
        }
        return "'" + text.substring(0, LIMIT) + "...' (" + text.length() + " characters)";
    }
}
