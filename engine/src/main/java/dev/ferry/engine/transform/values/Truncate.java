package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import dev.ferry.engine.transform.ValueTransform;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * Cuts STRING and TEXT values to at most {@code maxLength} characters; other types are refused when
 * bound. This is the one transform of the package that drops data, and it does so because the user
 * asked for it by name: it is the requested change, not a silent one, and values that fit are not
 * touched.
 *
 * <p>Characters are counted as a database counts them (Unicode code points), and a cut never splits
 * what a reader sees as one character: a letter and its combining accents, an emoji sequence, a
 * flag. When the character at the limit is such a cluster, the whole cluster goes, so a value may
 * come out shorter than {@code maxLength}.
 *
 * <p>The output column is a STRING whose length is {@code maxLength} (or the input's, when that is
 * already smaller), so a destination table is created to hold exactly what comes out. Null stays
 * null. Immutable and thread-safe.
 *
 * @param maxLength the most characters a value keeps; at least 1
 */
public record Truncate(int maxLength) implements ValueTransform {

    public Truncate {
        if (maxLength < 1) {
            throw new TransformDefinitionException("truncate: max length must be at least 1, not " + maxLength);
        }
    }

    @Override
    public BoundValueTransform bind(Column input) {
        Inputs.require(name(), input, Inputs.TEXT);
        int length = input.type() == ColumnType.STRING && input.precision() > 0
                ? Math.min(input.precision(), maxLength) : maxLength;
        Column output = new Column(input.name(), ColumnType.STRING, input.nullable(), length, 0);
        return Bound.of(input, output, value -> cut((String) value));
    }

    @Override
    public String name() {
        return "truncate";
    }

    private String cut(String text) {
        if (text.length() <= maxLength || Inputs.length(text) <= maxLength) {
            return text;
        }
        int limit = text.offsetByCodePoints(0, maxLength);
        BreakIterator clusters = BreakIterator.getCharacterInstance(Locale.ROOT);
        clusters.setText(text);
        int end = clusters.isBoundary(limit) ? limit : clusters.preceding(limit);
        return text.substring(0, Math.max(end, 0));
    }
}
