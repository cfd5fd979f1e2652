package dev.ferry.cli.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A script written for the {@code mysql} client, split into the statements a JDBC connection can run.
 *
 * <p>Statements end at a semicolon outside quotes and comments, so a {@code ;}, {@code #} or
 * {@code --} inside a string ({@code '...'} or {@code "..."}) or a back-quoted identifier never
 * splits or cuts one. Comments ({@code # ...}, {@code -- ...}, {@code /* ... *}{@code /}) are
 * dropped, except MySQL's executable comments {@code /*! ... *}{@code /}, which the server runs and
 * which are kept as written. A {@code DELIMITER} command is refused: it would change what ends a
 * statement. Statements on whole databases ({@code CREATE DATABASE}, {@code DROP DATABASE},
 * {@code USE}) are dropped: the script is loaded into a database made for it, and those would act
 * outside it.
 *
 * <p>Whether a backslash escapes the next character in a string depends on the session's
 * {@code sql_mode} ({@code NO_BACKSLASH_ESCAPES}), so the caller says which the script will run with.
 */
final class MySqlScript {
    /** How the session that runs the statements reads a backslash inside a string. */
    enum Backslashes {
        /** The default sql_mode: {@code \'} is a quote, {@code \\} one backslash, {@code \ } a blank. */
        ESCAPE,
        /** With {@code NO_BACKSLASH_ESCAPES}: a backslash is an ordinary character. */
        LITERAL
    }

    private static final Pattern DATABASE_STATEMENT =
            Pattern.compile("(?is)((CREATE|DROP)\\s+(DATABASE|SCHEMA)|USE)\\b.*");
    private static final Pattern DELIMITER_COMMAND = Pattern.compile("(?i)DELIMITER\\b");

    private final String text;
    private final boolean backslashEscapes;
    private final List<String> statements = new ArrayList<>();
    private final StringBuilder current = new StringBuilder();
    private int position;

    private MySqlScript(String text, Backslashes backslashes) {
        this.text = text;
        this.backslashEscapes = backslashes == Backslashes.ESCAPE;
    }

    /** The statements to run, in script order, without comments or database-level statements. */
    static List<String> statements(String script, Backslashes backslashes) {
        MySqlScript parser = new MySqlScript(script, backslashes);
        parser.split();
        return parser.statements.stream()
                .filter(statement -> !DATABASE_STATEMENT.matcher(statement).matches())
                .toList();
    }

    private void split() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '\'' || c == '"') {
                copyQuoted(c, backslashEscapes, "string");
            } else if (c == '`') {
                copyQuoted('`', false, "quoted identifier");
            } else if (c == '#' || c == '-' && startsLineComment()) {
                skipLineComment();
            } else if (c == '/' && next() == '*') {
                blockComment();
            } else if (c == ';') {
                endStatement();
                position++;
            } else {
                if ((c == 'D' || c == 'd') && atStatementStart()
                        && DELIMITER_COMMAND.matcher(text).region(position, text.length()).lookingAt()) {
                    throw new IllegalArgumentException("DELIMITER command at line " + lineOf(position)
                            + ": statements ending in anything but ; are not supported");
                }
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

    private boolean atStatementStart() {
        for (int i = 0; i < current.length(); i++) {
            if (!Character.isWhitespace(current.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** In MySQL, {@code --} starts a comment only when a blank, a control character or the end follows it. */
    private boolean startsLineComment() {
        if (next() != '-') {
            return false;
        }
        int after = position + 2;
        return after >= text.length() || text.charAt(after) <= ' ';
    }

    private void copyQuoted(char quote, boolean escapes, String what) {
        int start = position;
        position++;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (escapes && c == '\\') {
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
        throw new IllegalArgumentException("Unterminated " + what + " starting at line " + lineOf(start));
    }

    private void skipLineComment() {
        int end = text.indexOf('\n', position);
        position = end < 0 ? text.length() : end;
    }

    /** Block comments do not nest in MySQL; {@code /*!} ones hold SQL the server runs. */
    private void blockComment() {
        int start = position;
        int end = text.indexOf("*/", position + 2);
        if (end < 0) {
            throw new IllegalArgumentException("Unterminated comment starting at line " + lineOf(start));
        }
        position = end + 2;
        boolean executable = start + 2 < text.length() && text.charAt(start + 2) == '!';
        current.append(executable ? text.substring(start, position) : " ");
    }

    private void endStatement() {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
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
}
