package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.ValueTransform;

/**
 * Strips white space from both ends of a STRING or TEXT value, and optionally collapses each run of
 * white space inside it into one plain space. White space is what Unicode calls so: what
 * {@link Character#isWhitespace} accepts (spaces, tabs, line breaks) and the no-break spaces
 * (U+00A0, U+2007, U+202F) that {@link Character#isSpaceChar} adds, which copied text often
 * carries. Other types are refused when bound. A value of only white space becomes the empty text,
 * not null (use a cast or a map to turn it into null on purpose). Null stays null. Immutable and
 * thread-safe.
 *
 * @param collapseInner whether runs of white space inside the value become one space ({@code "a  \t b"}
 *                      becomes {@code "a b"})
 */
public record Trim(boolean collapseInner) implements ValueTransform {

    /** Strips both ends only. */
    public static Trim ends() {
        return new Trim(false);
    }

    /** Strips both ends and collapses inner runs of white space into one space. */
    public static Trim endsAndInnerRuns() {
        return new Trim(true);
    }

    @Override
    public BoundValueTransform bind(Column input) {
        Inputs.require(name(), input, Inputs.TEXT);
        return Bound.of(input, input, value -> apply((String) value));
    }

    @Override
    public String name() {
        return "trim";
    }

    private String apply(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isSpace(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        if (!collapseInner) {
            return text.substring(start, end);
        }
        StringBuilder result = new StringBuilder(end - start);
        boolean inRun = false;
        for (int i = start; i < end; ) {
            int codePoint = text.codePointAt(i);
            i += Character.charCount(codePoint);
            if (isSpace(codePoint)) {
                inRun = true;
            } else {
                if (inRun) {
                    result.append(' ');
                    inRun = false;
                }
                result.appendCodePoint(codePoint);
            }
        }
        return result.toString();
    }

    static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }
}
