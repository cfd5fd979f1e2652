package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.engine.transform.TransformDefinitionException;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks of the column a transform is bound to, with messages saying which types would do. */
final class Inputs {
    static final Set<ColumnType> TEXT = EnumSet.of(ColumnType.STRING, ColumnType.TEXT);

    private Inputs() {
    }

    static void require(String transform, Column input, Set<ColumnType> allowed) {
        if (!allowed.contains(input.type())) {
            throw new TransformDefinitionException(transform + " takes columns of type " + names(allowed)
                    + "; column " + input.name() + " is " + input.type());
        }
    }

    static String names(Set<ColumnType> types) {
        return types.stream().map(ColumnType::name).collect(Collectors.joining(", "));
    }

    /** The number of characters (code points) of a text, as a database counts a varchar's length. */
    static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Refuses a text longer than a STRING column's precision (0: unbounded). */
    static String fitLength(String text, int precision, String what) {
        if (precision > 0) {
            int length = length(text);
            if (length > precision) {
                throw new Refusal(what + " " + dev.ferry.engine.transform.Shortened.quote(text) + " has " + length
                        + " characters, more than the column's " + precision);
            }
        }
        return text;
    }
}
