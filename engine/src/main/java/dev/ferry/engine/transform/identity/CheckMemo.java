package dev.ferry.engine.transform.identity;

import java.util.HashMap;
import java.util.Map;

/**
 * The results of a costly check (a phone number's parse and validation take microseconds) for the
 * texts a bound transform saw first, so that a column repeating its values, such as a customer's
 * phone on each of their orders, is checked once per value. A check is a pure function of the text,
 * so a remembered result is the result.
 *
 * <p>Filled until full and never evicted: evicting the least recently used entry would drop exactly
 * the one a column cycling through its customers needs next. Bounded in entries and in characters, so
 * a column of distinct or very long values costs a few megabytes at most. Used by one thread, as a
 * bound transform is.
 */
final class CheckMemo {
    private final int maxEntries;
    private final long maxChars;
    private final Map<String, Check> results = new HashMap<>();
    private long chars;

    CheckMemo(int maxEntries, long maxChars) {
        this.maxEntries = maxEntries;
        this.maxChars = maxChars;
    }

    /** The remembered result for {@code text}, else null. */
    Check get(String text) {
        return results.get(text);
    }

    /** Remembers a result while there is room. */
    void remember(String text, Check result) {
        if (results.size() >= maxEntries) {
            return;
        }
        long cost = text.length() + switch (result) {
            case Check.Valid valid -> valid.normalised().length();
            case Check.Invalid invalid -> invalid.reason().length();
        };
        if (chars + cost > maxChars) {
            return;
        }
        results.put(text, result);
        chars += cost;
    }

    int size() {
        return results.size();
    }
}
