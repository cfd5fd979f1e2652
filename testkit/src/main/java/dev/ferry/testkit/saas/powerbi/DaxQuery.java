package dev.ferry.testkit.saas.powerbi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few DAX forms the fake evaluates itself; it does not parse DAX. A query's first
 * {@code EVALUATE} statement may be a table, {@code 'Table'} or {@code Table}, wrapped in any of
 * {@code TOPN(n, <expr>)} (the first n rows in stored order: the fake keeps no sort key) and
 * {@code FILTER(<expr>, 'Table'[Column] <op> <literal>)} with {@code op} one of
 * {@code = <> > >= < <=} and a number or a {@code "text"} literal (numbers compare numerically,
 * anything else as text, so ISO dates compare in time order; a null never matches). Anything else
 * the test answers by registering the exact query text. {@link #statements} counts the
 * {@code EVALUATE}s, since a query that asks for more than one table is answered with the first
 * only and an error.
 */
record DaxQuery(int statements, Expression expression) {

    sealed interface Expression permits TableRef, TopN, Filter {
    }

    record TableRef(String table) implements Expression {
    }

    record TopN(int count, Expression source) implements Expression {
    }

    record Filter(Expression source, String column, String operator, Object literal) implements Expression {
    }

    private static final Pattern EVALUATE = Pattern.compile("(?i)\\bEVALUATE\\b");
    private static final Pattern TABLE = Pattern.compile("'([^']+)'|([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern TOPN = Pattern.compile("(?is)TOPN\\s*\\(\\s*(\\d+)\\s*,(.*)\\)");
    private static final Pattern FILTER = Pattern.compile(
            "(?is)FILTER\\s*\\((.*),\\s*(?:'[^']+'|[A-Za-z_][A-Za-z0-9_]*)?\\[([^\\]]+)\\]\\s*(>=|<=|<>|=|>|<)\\s*(\"[^\"]*\"|-?\\d+(?:\\.\\d+)?)\\s*\\)");

    static String normalise(String query) {
        return query.trim().replaceAll("\\s+", " ");
    }

    /** The parsed query, or null when its first statement is not a form the fake evaluates. */
    static DaxQuery parse(String text) {
        Matcher evaluate = EVALUATE.matcher(text);
        List<Integer> starts = new ArrayList<>();
        while (evaluate.find()) {
            starts.add(evaluate.end());
        }
        if (starts.isEmpty()) {
            return null;
        }
        int end = starts.size() > 1 ? text.substring(0, starts.get(1)).toUpperCase(Locale.ROOT).lastIndexOf("EVALUATE") : text.length();
        Expression expression = expression(text.substring(starts.getFirst(), end).trim());
        return expression == null ? null : new DaxQuery(starts.size(), expression);
    }

    private static Expression expression(String text) {
        Matcher topN = TOPN.matcher(text);
        if (topN.matches()) {
            Expression source = expression(topN.group(2).trim());
            return source == null ? null : new TopN(Integer.parseInt(topN.group(1)), source);
        }
        Matcher filter = FILTER.matcher(text);
        if (filter.matches()) {
            Expression source = expression(filter.group(1).trim());
            String literal = filter.group(4);
            Object value = literal.startsWith("\"") ? literal.substring(1, literal.length() - 1) : new BigDecimal(literal);
            return source == null ? null : new Filter(source, filter.group(2), filter.group(3), value);
        }
        Matcher table = TABLE.matcher(text);
        if (table.matches()) {
            return new TableRef(table.group(1) != null ? table.group(1) : table.group(2));
        }
        return null;
    }

    /** The table the expression reads. */
    static String table(Expression expression) {
        return switch (expression) {
            case TableRef ref -> ref.table();
            case TopN topN -> table(topN.source());
            case Filter filter -> table(filter.source());
        };
    }

    /** The rows of the expression over the table's rows (plain column names). */
    static List<Map<String, Object>> evaluate(Expression expression, List<Map<String, Object>> rows) {
        return switch (expression) {
            case TableRef ignored -> rows;
            case TopN topN -> {
                List<Map<String, Object>> source = evaluate(topN.source(), rows);
                yield source.subList(0, Math.min(topN.count(), source.size()));
            }
            case Filter filter -> evaluate(filter.source(), rows).stream()
                    .filter(row -> matches(row.get(filter.column()), filter.operator(), filter.literal())).toList();
        };
    }

    private static boolean matches(Object value, String operator, Object literal) {
        if (value == null) {
            return false;
        }
        int comparison;
        BigDecimal number = number(value);
        if (number != null && literal instanceof BigDecimal expected) {
            comparison = number.compareTo(expected);
        } else {
            comparison = String.valueOf(value).compareTo(String.valueOf(literal));
        }
        return switch (operator) {
            case "=" -> comparison == 0;
            case "<>" -> comparison != 0;
            case ">" -> comparison > 0;
            case ">=" -> comparison >= 0;
            case "<" -> comparison < 0;
            default -> comparison <= 0;
        };
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Number number) {
            return new BigDecimal(number.toString());
        }
        return null;
    }
}
