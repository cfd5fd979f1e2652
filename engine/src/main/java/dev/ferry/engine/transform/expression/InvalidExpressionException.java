package dev.ferry.engine.transform.expression;

import dev.ferry.api.FerryException;

/**
 * Where in its text a CEL expression is wrong: the cause of the
 * {@link dev.ferry.engine.transform.TransformDefinitionException} thrown for an expression that does
 * not parse or type-check, so that the pipeline loader can point into the file that holds the
 * expression (the expression's line 1 is the line its text starts on). Immutable.
 */
public final class InvalidExpressionException extends FerryException {
    private final int line;
    private final int column;
    private final String problem;

    /**
     * @param line    1-based line within the expression's text
     * @param column  1-based column (in code points) within that line
     * @param problem CEL's message for the first error, without the location
     */
    public InvalidExpressionException(int line, int column, String problem) {
        super("line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** 1-based line within the expression's text. */
    public int line() {
        return line;
    }

    /** 1-based column (in code points) within {@link #line()}. */
    public int column() {
        return column;
    }

    /** CEL's message for the first error found, without its location. */
    public String problem() {
        return problem;
    }
}
