package dev.ferry.engine.transform.values;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Value maps: team 5's deal stages and status codes, matching by value, unmapped values, output types. */
class ValueMapTest {
    private static final Column STAGE = new Column("stage", ColumnType.STRING, false, 40, 0);
    private static final Column STATUS = new Column("status", ColumnType.INTEGER, true, 0, 0);

    private static Map<String, String> entries(String... keysAndValues) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            entries.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return entries;
    }

    private static final Map<String, String> STAGES = entries("closedwon", "FINISHED", "closedlost", "CANCELLED",
            "appointmentscheduled", "ON_TIME", "qualifiedtobuy", "ON_TIME", "presentationscheduled", "AT_RISK",
            "decisionmakerboughtin", "AT_RISK", "contractsent", "AT_RISK");

    @Test
    void dealStagesMapToTeamFivesStatuses() {
        BoundValueTransform map = ValueMap.of(STAGES).bind(STAGE);
        assertThat(map.apply("closedwon")).isEqualTo("FINISHED");
        assertThat(map.apply("contractsent")).isEqualTo("AT_RISK");
        assertThat(map.apply(null)).isNull();
        assertThat(map.output()).isEqualTo(new Column("stage", ColumnType.STRING, false, 9, 0));
    }

    @Test
    void anUnmappedValueIsRejectedNamingItAndAFewKeys() {
        BoundValueTransform map = ValueMap.of(STAGES).bind(STAGE);
        assertThatThrownBy(() -> map.apply("ClosedWon")).isInstanceOfSatisfying(RejectedValueException.class, e -> {
            assertThat(e.column()).isEqualTo("stage");
            assertThat(e.reason()).isEqualTo("'ClosedWon' is not in the map (its keys: 'closedwon', 'closedlost',"
                    + " 'appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled' and 2 more); add it, or give an"
                    + " else value");
        });
        BoundValueTransform small = ValueMap.of(entries("a", "x")).bind(STAGE);
        assertThatThrownBy(() -> small.apply("b")).hasMessageContaining("(its keys: 'a'); add it");
    }

    @Test
    void caseCanBeIgnoredForTextKeys() {
        BoundValueTransform map = new ValueMap(STAGES, null, true, null).bind(STAGE);
        assertThat(map.apply("ClosedWon")).isEqualTo("FINISHED");
        assertThat(map.apply("CLOSEDLOST")).isEqualTo("CANCELLED");
        assertThatThrownBy(() -> new ValueMap(entries("Won", "a", "won", "b"), null, true, null))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessage("map: keys 'Won' and 'won' are the same when case is ignored");
        assertThatThrownBy(() -> new ValueMap(entries("1", "a"), null, true, null).bind(STATUS))
                .hasMessage("map: ignoring case applies to STRING and TEXT columns; column status is INTEGER");
        // exact by default
        assertThat(ValueMap.of(entries("Won", "a", "won", "b")).bind(STAGE).apply("won")).isEqualTo("b");
    }

    @Test
    void statusCodesMapByNumericValue() {
        BoundValueTransform map = ValueMap.of(entries("1", "ON_TIME", "2", "AT_RISK", "3", "FINISHED")).bind(STATUS);
        assertThat(map.apply(1)).isEqualTo("ON_TIME");
        assertThat(map.apply(2)).isEqualTo("AT_RISK");
        assertThat(map.apply(3)).isEqualTo("FINISHED");
        assertThat(map.apply(null)).isNull();
        assertThatThrownBy(() -> map.apply(4)).hasMessageContaining("'4' is not in the map (its keys: '1', '2', '3')");
        assertThat(map.output()).isEqualTo(new Column("status", ColumnType.STRING, true, 8, 0));
    }

    @Test
    void numericKeysMatchByValueWhateverTheirWriting() {
        Column amount = new Column("amount", ColumnType.DECIMAL, false, 10, 2);
        BoundValueTransform map = ValueMap.of(entries("1.5", "a", "2", "b", "0", "c")).bind(amount);
        assertThat(map.apply(new BigDecimal("1.50"))).isEqualTo("a");
        assertThat(map.apply(new BigDecimal("2.00"))).isEqualTo("b");
        assertThat(map.apply(new BigDecimal("0.00"))).isEqualTo("c");
        assertThat(ValueMap.of(entries("007", "bond")).bind(STATUS).apply(7)).isEqualTo("bond");
        assertThatThrownBy(() -> ValueMap.of(entries("1", "a", "01", "b")).bind(STATUS))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessage("map: keys '1' and '01' are the same INTEGER value");
        assertThatThrownBy(() -> ValueMap.of(entries("1.5", "a", "1.50", "b")).bind(amount))
                .hasMessage("map: keys '1.5' and '1.50' are the same DECIMAL value");
        assertThatThrownBy(() -> ValueMap.of(entries("one", "a")).bind(STATUS))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("map: key 'one' is no INTEGER value of column status: 'one' is not a number");
        assertThatThrownBy(() -> ValueMap.of(entries("1.5", "a")).bind(STATUS))
                .hasMessageContaining("is not a whole number");
    }

    @Test
    void booleanDateAndUuidKeys() {
        BoundValueTransform flags = ValueMap.of(entries("true", "Sì", "no", "No")).bind(Column.of("f", ColumnType.BOOLEAN));
        assertThat(flags.apply(true)).isEqualTo("Sì");
        assertThat(flags.apply(false)).isEqualTo("No");
        assertThatThrownBy(() -> ValueMap.of(entries("true", "a", "yes", "b")).bind(Column.of("f", ColumnType.BOOLEAN)))
                .hasMessage("map: keys 'true' and 'yes' are the same BOOLEAN value");
        BoundValueTransform days = ValueMap.of(entries("2024-12-25", "Natale")).bind(Column.of("d", ColumnType.DATE));
        assertThat(days.apply(LocalDate.of(2024, 12, 25))).isEqualTo("Natale");
        BoundValueTransform ids = ValueMap.of(entries("123E4567-E89B-12D3-A456-426614174000", "x"))
                .bind(Column.of("u", ColumnType.UUID));
        assertThat(ids.apply(java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))).isEqualTo("x");
    }

    @Test
    void elseValueReplacesUnmappedValues() {
        BoundValueTransform map = new ValueMap(STAGES, ValueMap.Unmapped.orElse("UNKNOWN"), false, null).bind(STAGE);
        assertThat(map.apply("closedwon")).isEqualTo("FINISHED");
        assertThat(map.apply("somethingelse")).isEqualTo("UNKNOWN");
        assertThat(map.output()).isEqualTo(new Column("stage", ColumnType.STRING, false, 9, 0));
        BoundValueTransform toNull = new ValueMap(STAGES, ValueMap.Unmapped.orElse(null), false, null).bind(STAGE);
        assertThat(toNull.apply("somethingelse")).isNull();
        assertThat(toNull.output().nullable()).isTrue();
        BoundValueTransform longElse = new ValueMap(entries("a", "x"), ValueMap.Unmapped.orElse("unknown"), false, null)
                .bind(STAGE);
        assertThat(longElse.output().precision()).isEqualTo(7);
    }

    @Test
    void keepPassesUnmappedValuesThroughInTheInputType() {
        BoundValueTransform map = new ValueMap(entries("closedwon", "FINISHED_SUCCESSFULLY_AND_PAID_IN_FULL_2024"),
                ValueMap.Unmapped.keep(), false, null).bind(STAGE);
        assertThat(map.apply("closedwon")).isEqualTo("FINISHED_SUCCESSFULLY_AND_PAID_IN_FULL_2024");
        assertThat(map.apply("open")).isEqualTo("open");
        assertThat(map.output()).isEqualTo(new Column("stage", ColumnType.STRING, false, 43, 0));
        BoundValueTransform codes = new ValueMap(entries("1", "10", "2", "20"), ValueMap.Unmapped.keep(), false, null)
                .bind(STATUS);
        assertThat(codes.apply(1)).isEqualTo(10);
        assertThat(codes.apply(5)).isEqualTo(5);
        assertThat(codes.output()).isEqualTo(STATUS);
        assertThatThrownBy(() -> new ValueMap(entries("1", "ON_TIME"), ValueMap.Unmapped.keep(), false, null).bind(STATUS))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("the value of key '1' is no INTEGER value");
        assertThatThrownBy(() -> new ValueMap(entries("1", "2"), ValueMap.Unmapped.keep(), false, ColumnType.TEXT).bind(STATUS))
                .hasMessage("map: unmapped values are kept, so the output type must be the input's (INTEGER for column"
                        + " status), not TEXT");
    }

    @Test
    void outputTypeIsInferredFromCanonicalValuesOnly() {
        assertThat(ValueMap.of(entries("a", "1", "b", "-20")).bind(STAGE).output().type()).isEqualTo(ColumnType.INTEGER);
        assertThat(ValueMap.of(entries("a", "1", "b", "-20")).bind(STAGE).apply("b")).isEqualTo(-20);
        assertThat(ValueMap.of(entries("a", "1", "b", "3000000000")).bind(STAGE).output().type()).isEqualTo(ColumnType.BIGINT);
        BoundValueTransform decimals = ValueMap.of(entries("a", "1", "b", "22.50", "c", "-0.125")).bind(STAGE);
        assertThat(decimals.output()).isEqualTo(new Column("stage", ColumnType.DECIMAL, false, 5, 3));
        assertThat(decimals.apply("b")).isEqualTo(new BigDecimal("22.500"));
        assertThat(ValueMap.of(entries("a", "true", "b", "false")).bind(STAGE).apply("a")).isEqualTo(true);
        // leading zeros, plus signs, spaces and words stay text
        assertThat(ValueMap.of(entries("a", "00123", "b", "1")).bind(STAGE).apply("a")).isEqualTo("00123");
        assertThat(ValueMap.of(entries("a", "+1")).bind(STAGE).output().type()).isEqualTo(ColumnType.STRING);
        assertThat(ValueMap.of(entries("a", "True")).bind(STAGE).output().type()).isEqualTo(ColumnType.STRING);
        Map<String, String> withNull = new HashMap<>();
        withNull.put("a", null);
        BoundValueTransform onlyNull = ValueMap.of(withNull).bind(STAGE);
        assertThat(onlyNull.apply("a")).isNull();
        assertThat(onlyNull.output().nullable()).isTrue();
    }

    @Test
    void givenOutputTypeIsCheckedWhenTheMapIsMade() {
        BoundValueTransform dates = new ValueMap(entries("q1", "2024-01-01"), null, false, ColumnType.DATE).bind(STAGE);
        assertThat(dates.apply("q1")).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(new ValueMap(entries("a", "1"), null, false, ColumnType.TEXT).bind(STAGE).apply("a")).isEqualTo("1");
        assertThatThrownBy(() -> new ValueMap(entries("q1", "2024-02-30"), null, false, ColumnType.DATE))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("map: the value of key 'q1' is no DATE value");
        assertThatThrownBy(() -> new ValueMap(entries("a", "x"), ValueMap.Unmapped.orElse("maybe"), false, ColumnType.BOOLEAN))
                .isInstanceOf(TransformDefinitionException.class);
        assertThatThrownBy(() -> new ValueMap(entries("a", "x"), ValueMap.Unmapped.orElse("maybe"), false, ColumnType.BOOLEAN)
                .bind(STAGE)).hasMessageContaining("is no BOOLEAN value");
    }

    @Test
    void invalidDefinitionsAreRefused() {
        assertThatThrownBy(() -> ValueMap.of(Map.of())).isInstanceOf(TransformDefinitionException.class)
                .hasMessage("map: at least one key and value are needed");
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "x");
        assertThatThrownBy(() -> ValueMap.of(nullKey)).hasMessageContaining("a key cannot be null");
        assertThatThrownBy(() -> new ValueMap(entries("a", "b"), null, false, ColumnType.BINARY))
                .hasMessage("map: the output type cannot be BINARY");
        assertThatThrownBy(() -> ValueMap.of(entries("a", "b")).bind(Column.of("d", ColumnType.DOUBLE)))
                .hasMessage("map takes columns of type BOOLEAN, SMALLINT, INTEGER, BIGINT, DECIMAL, DATE, STRING,"
                        + " TEXT, UUID; column d is DOUBLE");
    }
}
