package dev.ferry.engine.transform.expression;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelType;
import dev.cel.extensions.CelExtensions;
import dev.cel.extensions.CelOptionalLibrary;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One CEL expression: parsed when a transform is made, type-checked against a schema when it is
 * bound, and turned into a program once. Errors carry CEL's own located message.
 */
final class CelExpression {
    /** CEL's recommended evaluator (the program planner), with the standard macros, optionals and strings. */
    private static final Cel PARSER = environment().build();

    private final String text;
    private final String owner;
    private final CelAbstractSyntaxTree parsed;

    /**
     * @param owner what the expression belongs to, for messages: {@code compute 'total'}, {@code filter}
     * @throws TransformDefinitionException when the text is blank or does not parse
     */
    CelExpression(String owner, String text) {
        this.owner = owner;
        if (text == null || text.isBlank()) {
            throw new TransformDefinitionException(owner + ": the expression is empty; give a CEL expression"
                    + " such as monto > 0 or nombre + ' ' + apellido");
        }
        this.text = text;
        try {
            this.parsed = PARSER.parse(text).getAst();
        } catch (CelValidationException e) {
            throw invalid("does not parse", e);
        }
    }

    String text() {
        return text;
    }

    private static CelBuilder environment() {
        return CelFactory.plannerCelBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelOptionalLibrary.INSTANCE, CelExtensions.strings())
                .addRuntimeLibraries(CelOptionalLibrary.INSTANCE, CelExtensions.strings());
    }

    /** The expression type-checked against the columns, with the names of the columns it reads. */
    Checked check(CelColumns columns) {
        CelBuilder builder = environment();
        for (Map.Entry<String, CelType> variable : columns.declarations().entrySet()) {
            builder.addVar(variable.getKey(), variable.getValue());
        }
        Cel cel = builder.build();
        CelAbstractSyntaxTree checked;
        try {
            checked = cel.check(parsed).getAst();
        } catch (CelValidationException e) {
            throw invalid("does not type-check against the columns of " + columns.schema().name(), e);
        }
        Set<String> read = readColumns(checked, columns);
        try {
            return new Checked(checked.getResultType(), cel.createProgram(checked), List.copyOf(read));
        } catch (dev.cel.common.CelException e) {
            throw new TransformDefinitionException(owner + ": the expression " + Shortened.quote(text)
                    + " cannot be planned: " + e.getMessage(), e);
        }
    }

    /**
     * The columns the expression reads: its variables, and the literal keys of {@code row["..."]} and
     * {@code row.`...`}, which are checked here so that a misspelt name is a definition error, not a
     * rejection of every row.
     */
    private Set<String> readColumns(CelAbstractSyntaxTree ast, CelColumns columns) {
        Set<String> read = new LinkedHashSet<>();
        List<CelNavigableExpr> nodes = CelNavigableAst.fromAst(ast).getRoot().allNodes().toList();
        for (CelNavigableExpr node : nodes) {
            CelExpr expr = node.expr();
            switch (expr.exprKind().getKind()) {
                case IDENT -> {
                    String name = expr.ident().name();
                    if (columns.hasColumn(name) && CelColumns.isVariableName(name)) {
                        read.add(name);
                    }
                }
                case SELECT -> {
                    if (isRow(expr.select().operand())) {
                        read.add(requireColumn(ast, expr, expr.select().field(), columns));
                    }
                }
                case CALL -> {
                    var call = expr.call();
                    if ((call.function().equals("_[_]") || call.function().equals("_[?_]"))
                            && call.args().size() == 2 && isRow(call.args().get(0))
                            && call.args().get(1).exprKind().getKind() == CelExpr.ExprKind.Kind.CONSTANT
                            && call.args().get(1).constant().getKind() == CelConstant.Kind.STRING_VALUE) {
                        read.add(requireColumn(ast, expr, call.args().get(1).constant().stringValue(), columns));
                    }
                }
                default -> {
                }
            }
        }
        return read;
    }

    private static boolean isRow(CelExpr expr) {
        return expr.exprKind().getKind() == CelExpr.ExprKind.Kind.IDENT
                && expr.ident().name().equals(CelColumns.ROW);
    }

    private String requireColumn(CelAbstractSyntaxTree ast, CelExpr at, String name, CelColumns columns) {
        if (columns.hasColumn(name)) {
            return name;
        }
        Integer offset = ast.getSource().getPositionsMap().get(at.id());
        CelSourceLocation location = offset == null ? CelSourceLocation.NONE
                : ast.getSource().getOffsetLocation(offset).orElse(CelSourceLocation.NONE);
        int line = Math.max(location.getLine(), 1);
        int column = location.getColumn() + 1;
        String message = "row has no column " + Shortened.quote(name) + "; its columns are "
                + columns.schema().columnNames();
        throw new TransformDefinitionException(owner + ": the expression " + Shortened.quote(text)
                + " does not type-check: ERROR: <input>:" + line + ":" + column + ": " + message,
                new InvalidExpressionException(line, column, message));
    }

    private TransformDefinitionException invalid(String what, CelValidationException e) {
        CelIssue first = e.getErrors().isEmpty() ? null : e.getErrors().get(0);
        int line = first == null ? 1 : Math.max(first.getSourceLocation().getLine(), 1);
        int column = first == null ? 1 : first.getSourceLocation().getColumn() + 1;
        String celMessage = e.getMessage();
        return new TransformDefinitionException(owner + ": the expression " + Shortened.quote(text) + " " + what
                + ": " + celMessage,
                new InvalidExpressionException(line, column, first == null ? celMessage : first.getMessage()));
    }

    /** A type-checked expression and its program, shared by the rows of one bound transform. */
    record Checked(CelType resultType, CelRuntime.Program program, List<String> readColumns) {
        Checked {
            Objects.requireNonNull(resultType);
            Objects.requireNonNull(program);
        }

        /**
         * Evaluates for {@code row}, which the resolver holds only while the expression runs.
         *
         * @param column the column to name in a rejection
         * @throws RejectedValueException when the evaluation fails, with CEL's message, or when a value
         *                                the expression reads has no CEL form
         */
        Object eval(CelColumns.RowResolver resolver, Object[] row, String column, String owner, String text) {
            resolver.setRow(row);
            try {
                return program.eval(resolver);
            } catch (CelEvaluationException e) {
                RejectedValueException rejected = rejectedCause(e);
                if (rejected != null) {
                    throw rejected;
                }
                throw new RejectedValueException(column, owner + ": the expression " + Shortened.quote(text)
                        + " failed: " + e.getMessage(), e);
            } catch (RejectedValueException e) {
                throw e;
            } catch (RuntimeException e) {
                RejectedValueException rejected = rejectedCause(e);
                if (rejected != null) {
                    throw rejected;
                }
                throw new RejectedValueException(column, owner + ": the expression " + Shortened.quote(text)
                        + " failed: " + e, e);
            } finally {
                resolver.setRow(null);
            }
        }

        private static RejectedValueException rejectedCause(Throwable e) {
            List<Throwable> seen = new ArrayList<>();
            for (Throwable cause = e; cause != null && !seen.contains(cause); cause = cause.getCause()) {
                if (cause instanceof RejectedValueException rejected) {
                    return rejected;
                }
                seen.add(cause);
            }
            return null;
        }
    }
}
