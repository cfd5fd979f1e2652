package dev.ferry.cli.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A script written for {@code psql}, split into the statements a JDBC connection can run.
 *
 * <p>Statements end at a semicolon outside quotes and comments, so a {@code ;} inside a string,
 * a quoted identifier, a dollar-quoted body or a comment never splits one. Comments are dropped.
 * psql meta-commands ({@code \c chinook}) run to the end of their line and are dropped; one in
 * the middle of a statement is an error rather than something to guess about. Statements on
 * whole databases ({@code CREATE DATABASE}, {@code DROP DATABASE}) are dropped too: the script is
 * loaded into a database made for it, and those would act on the server outside it.
 *
 * <p>{@code N'...'} literals are loaded as ordinary strings. Scripts carry them over from SQL
 * Server, where they mean Unicode text; PostgreSQL instead reads them as blank-padded
 * {@code character} values, whose trailing blanks are dropped on the way into a {@code varchar}
 * column, so {@code N'Edinburgh '} would be stored as {@code 'Edinburgh'}.
 */
final class PsqlScript {
    private static final Pattern DATABASE_STATEMENT =
            Pattern.compile("(?is)(CREATE|DROP)\\s+DATABASE\\b.*");
    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$");

    private final String text;
    private final List<String> statements = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();
    private int position;

    private PsqlScript(String text) {
        this.text = text;
    }

    /** The statements to run, in script order, without comments, meta-commands or database-level statements. */
    static List<String> statements(String script) {
        PsqlScript parser = new PsqlScript(script);
        parser.split();
        return parser.statements.stream()
                .filter(statement -> !DATABASE_STATEMENT.matcher(statement).matches())
                .toList();
    }

    private void split() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '\'') {
                dropNationalPrefix();
                copyQuoted('\'', isEscapeString());
            } else if (c == '"') {
                copyQuoted('"', false);
            } else if (c == '-' && next() == '-') {
                skipLineComment();
            } else if (c == '/' && next() == '*') {
                skipBlockComment();
            } else if (c == '$' && dollarTagAt() != null && !continuesIdentifier()) {
                copyDollarQuoted(dollarTagAt());
            } else if (c == '\\') {
                skipMetaCommand();
            } else if (c == ';') {
                endStatement();
                position++;
            } else {
                current.append(c);
                position++;
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException("The script ends inside a statement with no semicolon: "
                    + abbreviate(current.toString().strip()));
        }
    }

    private char next() {
        return position + 1 < text.length() ? text.charAt(position + 1) : '\0';
    }

    /** {@code E'...'} strings take backslash escapes; PostgreSQL's ordinary strings do not. */
    private boolean isEscapeString() {
        return endsWithPrefix('E');
    }

    private void dropNationalPrefix() {
        if (endsWithPrefix('N')) {
            current.setLength(current.length() - 1);
        }
    }

    /** Whether the text so far ends with the one-letter string prefix {@code letter}, not with a longer word. */
    private boolean endsWithPrefix(char letter) {
        int end = current.length();
        return end > 0 && Character.toUpperCase(current.charAt(end - 1)) == letter
                && (end == 1 || !Character.isLetterOrDigit(current.charAt(end - 2)) && current.charAt(end - 2) != '_');
    }

    /** A {@code $} inside an identifier such as {@code price$usd} does not open a dollar quote. */
    private boolean continuesIdentifier() {
        int end = current.length();
        return end > 0 && (Character.isLetterOrDigit(current.charAt(end - 1)) || current.charAt(end - 1) == '_');
    }

    private void copyQuoted(char quote, boolean backslashEscapes) {
        int start = position;
        position++;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (backslashEscapes && c == '\\') {
                position += 2;
            } else if (c == quote && next() == quote) {
                position += 2; // a doubled quote stands for one and does not end the text
            } else if (c == quote) {
                position++;
                current.append(text, start, position);
                return;
            } else {
                position++;
            }
        }
        throw unterminated(start, quote == '\'' ? "string" : "quoted identifier");
    }

    private String dollarTagAt() {
        var matcher = DOLLAR_TAG.matcher(text).region(position, text.length());
        return matcher.lookingAt() ? matcher.group() : null;
    }

    private void copyDollarQuoted(String tag) {
        int start = position;
        int close = text.indexOf(tag, position + tag.length());
        if (close < 0) {
            throw unterminated(start, "dollar-quoted text");
        }
        position = close + tag.length();
        current.append(text, start, position);
    }

    private void skipLineComment() {
        int end = text.indexOf('\n', position);
        position = end < 0 ? text.length() : end;
    }

    /** Block comments nest in PostgreSQL, unlike in C. */
    private void skipBlockComment() {
        int start = position;
        int depth = 0;
        while (position < text.length()) {
            if (text.startsWith("/*", position)) {
                depth++;
                position += 2;
            } else if (text.startsWith("*/", position)) {
                depth--;
                position += 2;
                if (depth == 0) {
                    current.append(' ');
                    return;
                }
            } else {
                position++;
            }
        }
        throw unterminated(start, "comment");
    }

    private void skipMetaCommand() {
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException("psql meta-command inside a statement at line " + lineOf(position)
                    + ": " + abbreviate(current.toString().strip()));
        }
        current.setLength(0);
        skipLineComment();
    }

    private void endStatement() {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }

    private IllegalArgumentException unterminated(int start, String what) {
        return new IllegalArgumentException("Unterminated " + what + " starting at line " + lineOf(start));
    }

    private int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String abbreviate(String statement) {
        String oneLine = statement.replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 80) + "...";
    }

    /** The statement's first words, upper-case, for messages. */
    static String describe(String statement) {
        String[] words = statement.strip().split("\\s+", 4);
        return String.join(" ", List.of(words).subList(0, Math.min(3, words.length))).toUpperCase(Locale.ROOT);
    }
}
