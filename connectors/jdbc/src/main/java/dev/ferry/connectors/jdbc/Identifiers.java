package dev.ferry.connectors.jdbc;

import dev.ferry.api.FerryException;

/**
 * Validation of table and column names before they are quoted into SQL. Values never go through
 * here: they are always bound. Names are quoted rather than restricted to a safe alphabet so that
 * real-world names ({@code "Order Details"}, {@code InvoiceLine}) keep working, but characters that
 * could end or confuse a quoted identifier in any supported database are refused outright.
 */
public final class Identifiers {

    private Identifiers() {
    }

    /**
     * Returns {@code identifier} when it is safe to quote, else throws a {@link FerryException}
     * naming what it is ({@code what}, for example "column of table sales.orders") and why.
     */
    public static String requireValid(String identifier, int maxLength, String what) {
        if (identifier == null || identifier.isBlank()) {
            throw new FerryException("Invalid identifier for " + what + ": it is empty");
        }
        if (identifier.length() > maxLength) {
            throw new FerryException("Invalid identifier for " + what + ": '" + printable(identifier)
                    + "' is longer than " + maxLength + " characters");
        }
        if (!identifier.strip().equals(identifier)) {
            throw new FerryException("Invalid identifier for " + what + ": '" + printable(identifier)
                    + "' starts or ends with white space");
        }
        for (int i = 0; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '`' || c == '[' || c == ']' || c == ';'
                    || c == '\\') {
                throw new FerryException("Invalid identifier for " + what + ": '" + printable(identifier)
                        + "' contains a forbidden character (quotes, brackets, ';', '\\' and control"
                        + " characters are not allowed in names)");
            }
        }
        return identifier;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), 80));
        for (int i = 0; i < text.length() && i < 80; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return text.length() > 80 ? out + "..." : out.toString();
    }
}
