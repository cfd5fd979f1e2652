package dev.ferry.engine.transform.identity;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.Shortened;
import dev.ferry.engine.transform.TransformDefinitionException;
import dev.ferry.engine.transform.ValueTransform;

/**
 * What the identity transforms share: they take STRING or TEXT columns, write a STRING column,
 * pass nulls through, read a blank value as null only when told to, and apply the
 * {@link InvalidValuePolicy} to a value their check refuses.
 */
abstract class TextCheckTransform implements ValueTransform {
    private final InvalidValuePolicy onInvalid;
    private final boolean blankAsNull;

    TextCheckTransform(InvalidValuePolicy onInvalid, boolean blankAsNull) {
        this.onInvalid = onInvalid;
        this.blankAsNull = blankAsNull;
    }

    /** The longest normalised value {@link #check} can give. */
    abstract int maxLength();

    /** Checks and normalises {@code text}, which is not null and not blank. Must be thread-safe. */
    abstract Check check(String text);

    /**
     * How many results of {@link #check} each bound transform remembers: 0 (the default) where a
     * check costs less than looking it up.
     */
    int rememberedChecks() {
        return 0;
    }

    /** The reason {@code text} is refused: the value, shortened, what it is not, and {@code problem}. */
    abstract String reason(String text, String problem);

    final Check invalid(String text, String problem) {
        return Check.invalid(reason(text, problem));
    }

    @Override
    public final BoundValueTransform bind(Column input) {
        if (input.type() != ColumnType.STRING && input.type() != ColumnType.TEXT) {
            throw new TransformDefinitionException(name() + " takes STRING or TEXT columns; column "
                    + input.name() + " is " + input.type());
        }
        Column output = new Column(input.name(), ColumnType.STRING,
                input.nullable() || onInvalid == InvalidValuePolicy.NULL || blankAsNull,
                outputLength(input), 0);
        return new Bound(output);
    }

    /** A kept value is the input as read, so the column must hold whatever the input could. */
    private int outputLength(Column input) {
        if (onInvalid != InvalidValuePolicy.KEEP) {
            return maxLength();
        }
        if (input.type() == ColumnType.STRING && input.precision() > 0) {
            return Math.max(maxLength(), input.precision());
        }
        return 0;
    }

    private final class Bound implements BoundValueTransform {
        /** About 8 MB at most of remembered texts and results. */
        private static final long REMEMBERED_CHARS = 4_000_000;
        private final Column output;
        private final CheckMemo memo;

        Bound(Column output) {
            this.output = output;
            this.memo = rememberedChecks() > 0 ? new CheckMemo(rememberedChecks(), REMEMBERED_CHARS) : null;
        }

        @Override
        public Column output() {
            return output;
        }

        @Override
        public Object apply(Object value) {
            if (value == null) {
                return null;
            }
            if (!(value instanceof String text)) {
                throw new RejectedValueException(output.name(), name() + " takes text; got a "
                        + value.getClass().getSimpleName() + " " + Shortened.quote(value));
            }
            Check result;
            if (text.isBlank()) {
                if (blankAsNull) {
                    return null;
                }
                result = invalid(text, "it is blank (blank values read as null only with the blank-as-null option)");
            } else {
                result = checked(text);
            }
            return switch (result) {
                case Check.Valid valid -> valid.normalised();
                case Check.Invalid invalid -> switch (onInvalid) {
                    case ERROR -> throw new RejectedValueException(output.name(), invalid.reason());
                    case NULL -> null;
                    case KEEP -> text;
                };
            };
        }

        private Check checked(String text) {
            if (memo == null) {
                return check(text);
            }
            Check result = memo.get(text);
            if (result == null) {
                result = check(text);
                memo.remember(text, result);
            }
            return result;
        }
    }
}
