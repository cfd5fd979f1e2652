package dev.ferry.engine.transform.lookup;

import dev.ferry.engine.transform.TransformContext;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.RejectedValueException;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LookupValue}: values replaced by the mapped value, typed from the file, missing keys by policy. */
class LookupValueTest {
    @TempDir
    Path dir;

    private MappingSource file(String name, String text) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, text);
        return MappingSource.of(path);
    }

    private MappingSource statuses() throws IOException {
        return file("status.json", "{\"1\": \"ON_TIME\", \"2\": \"AT_RISK\", \"3\": \"FINISHED\"}");
    }

    private static BoundValueTransform bind(LookupValue.Options options, Column column) {
        return new LookupValue(options).bind(column);
    }

    @Test
    void mapsIntegerCodesToText() throws IOException {
        BoundValueTransform bound = bind(LookupValue.Options.of(statuses()), new Column("status", ColumnType.INTEGER, false, 0, 0));
        assertThat(bound.output()).isEqualTo(new Column("status", ColumnType.STRING, false, 0, 0));
        assertThat(bound.apply(1)).isEqualTo("ON_TIME");
        assertThat(bound.apply(3)).isEqualTo("FINISHED");
        assertThat(new LookupValue(LookupValue.Options.of(statuses())).name()).isEqualTo("lookup");
    }

    @Test
    void missingKeyIsRejectedByDefaultNamingKeyAndFile() throws IOException {
        BoundValueTransform bound = bind(LookupValue.Options.of(statuses()), Column.of("status", ColumnType.BIGINT));
        assertThatThrownBy(() -> bound.apply(9L))
                .isInstanceOf(RejectedValueException.class)
                .satisfies(e -> assertThat(((RejectedValueException) e).column()).isEqualTo("status"))
                .hasMessageContaining("no mapping for '9' in mapping file")
                .hasMessageContaining("status.json");
    }

    @Test
    void missingKeyGivesNullOrTheDefault() throws IOException {
        BoundValueTransform toNull = bind(LookupValue.Options.of(statuses()).whenMissing(MissingKey.NULL),
                new Column("status", ColumnType.INTEGER, false, 0, 0));
        assertThat(toNull.apply(9)).isNull();
        assertThat(toNull.output().nullable()).isTrue();

        BoundValueTransform toDefault = bind(LookupValue.Options.of(statuses()).defaultTo("UNKNOWN"),
                new Column("status", ColumnType.INTEGER, false, 0, 0));
        assertThat(toDefault.apply(9)).isEqualTo("UNKNOWN");
        assertThat(toDefault.apply(2)).isEqualTo("AT_RISK");
        assertThat(toDefault.output().nullable()).isFalse();
    }

    @Test
    void nullGivesNullWithoutALookup() throws IOException {
        BoundValueTransform bound = bind(LookupValue.Options.of(statuses()), Column.of("status", ColumnType.INTEGER));
        assertThat(bound.apply(null)).isNull();
        assertThat(bound.output().nullable()).isTrue();
    }

    @Test
    void policiesAreValidated() throws IOException {
        MappingSource source = statuses();
        assertThatThrownBy(() -> LookupValue.Options.of(source).whenMissing(MissingKey.SKIP_ROW))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("skip_row drops rows, which a value lookup cannot do");
        assertThatThrownBy(() -> LookupValue.Options.of(source).whenMissing(MissingKey.DEFAULT))
                .hasMessageContaining("no default is given");
        assertThatThrownBy(() -> new LookupValue.Options(source, null, false, MissingKey.NULL, "x", null))
                .hasMessageContaining("a default is given but missing keys get null");
        assertThatThrownBy(() -> LookupValue.Options.of(source).type(ColumnType.BINARY))
                .hasMessageContaining("the output type cannot be BINARY");
        assertThatThrownBy(() -> LookupValue.Options.of(source).defaultTo(new Object()))
                .hasMessageContaining("is not text, a number or a boolean");
        assertThat(LookupValue.Options.of(source).defaultTo(7).fallback()).isEqualTo(7L);
    }

    @Test
    void decimalKeysMatchTheirCanonicalText() throws IOException {
        MappingSource source = file("rates.json", "{\"1\": \"one\", \"2.5\": \"two and a half\", \"1000\": \"thousand\", \"0\": \"zero\"}");
        BoundValueTransform bound = bind(LookupValue.Options.of(source), Column.of("rate", ColumnType.DECIMAL));
        assertThat(bound.apply(new BigDecimal("1.0"))).isEqualTo("one");
        assertThat(bound.apply(new BigDecimal("1.000"))).isEqualTo("one");
        assertThat(bound.apply(new BigDecimal("2.50"))).isEqualTo("two and a half");
        assertThat(bound.apply(new BigDecimal("1E+3"))).isEqualTo("thousand");
        assertThat(bound.apply(new BigDecimal("0.00"))).isEqualTo("zero");
        assertThatThrownBy(() -> bound.apply(NonFiniteDecimal.NAN)).hasMessageContaining("no mapping for 'NaN'");
    }

    @Test
    void numericKeysThatCanNeverMatchANumberAreRefused() throws IOException {
        MappingSource trailing = file("trailing.json", "{\"1.0\": \"one\"}");
        assertThatThrownBy(() -> bind(LookupValue.Options.of(trailing), Column.of("rate", ColumnType.DECIMAL)))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("key '1.0' can never match a value of the DECIMAL column rate, whose values are matched as '1'");
        MappingSource leading = file("leading.json", "{\"007\": \"bond\"}");
        assertThatThrownBy(() -> bind(LookupValue.Options.of(leading), Column.of("agent", ColumnType.INTEGER)))
                .hasMessageContaining("key '007' can never match");
        // As text, the same keys are fine.
        assertThat(bind(LookupValue.Options.of(leading), Column.of("agent", ColumnType.STRING)).apply("007")).isEqualTo("bond");
    }

    @Test
    void otherKeyTypes() throws IOException {
        MappingSource source = file("keys.json", """
                {"true": "yes", "2024-03-01": "march", "0f8fad5b-d9cb-469f-a165-70867728950e": "id"}
                """);
        assertThat(bind(LookupValue.Options.of(source), Column.of("b", ColumnType.BOOLEAN)).apply(true)).isEqualTo("yes");
        assertThat(bind(LookupValue.Options.of(source), Column.of("d", ColumnType.DATE)).apply(LocalDate.of(2024, 3, 1)))
                .isEqualTo("march");
        assertThat(bind(LookupValue.Options.of(source), Column.of("u", ColumnType.UUID))
                .apply(UUID.fromString("0F8FAD5B-D9CB-469F-A165-70867728950E"))).isEqualTo("id");
        assertThatThrownBy(() -> bind(LookupValue.Options.of(source), Column.of("f", ColumnType.DOUBLE)))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("lookup on column f: column f is DOUBLE, which cannot be a lookup key");
    }

    @Test
    void ignoringCase() throws IOException {
        MappingSource source = file("cities.csv", "code,name\nroma,Roma\nMilano,Milano\n").withKeyField("code");
        BoundValueTransform bound = bind(LookupValue.Options.of(source).field("name").ignoringCase(), Column.of("city", ColumnType.STRING));
        assertThat(bound.apply("ROMA")).isEqualTo("Roma");
        assertThat(bound.apply("milano")).isEqualTo("Milano");
        BoundValueTransform exact = bind(LookupValue.Options.of(source).field("name"), Column.of("city", ColumnType.STRING));
        assertThatThrownBy(() -> exact.apply("ROMA")).hasMessageContaining("no mapping for 'ROMA'");

        MappingSource clash = file("clash.json", "{\"Roma\": 1,\n\"ROMA\": 2}");
        assertThat(bind(LookupValue.Options.of(clash), Column.of("city", ColumnType.STRING)).apply("ROMA")).isEqualTo(2L);
        assertThatThrownBy(() -> bind(LookupValue.Options.of(clash).ignoringCase(), Column.of("city", ColumnType.STRING)))
                .hasMessageContaining("line 2, column 1: key 'ROMA' and key 'Roma' (line 1) differ only by case");
    }

    @Test
    void fieldOfMappedObjects() throws IOException {
        MappingSource source = file("calendars.json", """
                {"ROMA": {"calendar_id": "c-1", "seats": 4}, "MILANO": {"calendar_id": "c-2", "seats": 6}}
                """);
        BoundValueTransform id = bind(LookupValue.Options.of(source).field("calendar_id"), Column.of("branch", ColumnType.STRING));
        assertThat(id.apply("MILANO")).isEqualTo("c-2");
        BoundValueTransform seats = bind(LookupValue.Options.of(source).field("seats"), Column.of("branch", ColumnType.STRING));
        assertThat(seats.output().type()).isEqualTo(ColumnType.BIGINT);
        assertThat(seats.apply("ROMA")).isEqualTo(4L);

        assertThatThrownBy(() -> bind(LookupValue.Options.of(source), Column.of("branch", ColumnType.STRING)))
                .hasMessageContaining("maps keys to objects; choose the field to take, one of [calendar_id, seats]");
        assertThatThrownBy(() -> bind(LookupValue.Options.of(source).field("name"), Column.of("branch", ColumnType.STRING)))
                .hasMessageContaining("has no field 'name'; its fields are [calendar_id, seats]");
        assertThatThrownBy(() -> bind(LookupValue.Options.of(statuses()).field("name"), Column.of("s", ColumnType.STRING)))
                .hasMessageContaining("maps keys to values, not objects, so it has no field 'name'");
        MappingSource partial = file("partial.json", "{\"A\": {\"x\": 1, \"y\": 2},\n\"B\": {\"x\": 3}}");
        assertThatThrownBy(() -> bind(LookupValue.Options.of(partial).field("y"), Column.of("k", ColumnType.STRING)))
                .hasMessageContaining("line 2: the object of key 'B' has no field 'y'");
    }

    @Test
    void outputTypeFollowsTheMappedValues() throws IOException {
        Column key = Column.of("k", ColumnType.STRING);
        BoundValueTransform integers = bind(LookupValue.Options.of(file("i.json", "{\"a\": 1, \"b\": -20}")), key);
        assertThat(integers.output().type()).isEqualTo(ColumnType.BIGINT);
        assertThat(integers.apply("b")).isEqualTo(-20L);

        BoundValueTransform decimals = bind(LookupValue.Options.of(file("d.json", "{\"a\": 1, \"b\": 12.5, \"c\": 0.125}")), key);
        assertThat(decimals.output()).isEqualTo(new Column("k", ColumnType.DECIMAL, true, 5, 3));
        assertThat(decimals.apply("a")).isEqualTo(new BigDecimal("1.000"));
        assertThat(decimals.apply("b")).isEqualTo(new BigDecimal("12.500"));

        BoundValueTransform booleans = bind(LookupValue.Options.of(file("b.json", "{\"a\": true, \"b\": false}")), key);
        assertThat(booleans.output().type()).isEqualTo(ColumnType.BOOLEAN);
        assertThat(booleans.apply("b")).isEqualTo(false);

        BoundValueTransform withNull = bind(LookupValue.Options.of(file("n.json", "{\"a\": \"x\", \"b\": null}")),
                new Column("k", ColumnType.STRING, false, 0, 0));
        assertThat(withNull.output()).isEqualTo(new Column("k", ColumnType.STRING, true, 0, 0));
        assertThat(withNull.apply("b")).isNull();
    }

    @Test
    void mixedOrNullOnlyValuesNeedADeclaredType() throws IOException {
        Column key = Column.of("k", ColumnType.STRING);
        MappingSource mixed = file("mixed.json", "{\"a\": \"x\",\n\"b\": 2}");
        assertThatThrownBy(() -> bind(LookupValue.Options.of(mixed), key))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("maps its keys to values of mixed types: text at key 'a' (line 1), an integer at key 'b' (line 2);"
                        + " declare the output type");
        BoundValueTransform asText = bind(LookupValue.Options.of(mixed).type(ColumnType.STRING), key);
        assertThat(asText.apply("b")).isEqualTo("2");

        assertThatThrownBy(() -> bind(LookupValue.Options.of(file("nulls.json", "{\"a\": null}")), key))
                .hasMessageContaining("only to null, so the output type cannot be told");
        assertThatThrownBy(() -> bind(LookupValue.Options.of(statuses()).defaultTo(0), Column.of("s", ColumnType.INTEGER)))
                .hasMessageContaining("an integer at the default");
    }

    @Test
    void declaredTypesConvertExactlyOrRefuseAtBind() throws IOException {
        Column key = Column.of("k", ColumnType.STRING);
        MappingSource csv = file("codes.csv", "k,n,d,when\na,12,1.50,2024-01-31\nb,-3,2,2024-02-29\n").withKeyField("k");
        BoundValueTransform asText = bind(LookupValue.Options.of(csv).field("n"), key);
        assertThat(asText.output().type()).isEqualTo(ColumnType.STRING);
        assertThat(asText.apply("a")).isEqualTo("12");
        BoundValueTransform asInteger = bind(LookupValue.Options.of(csv).field("n").type(ColumnType.INTEGER), key);
        assertThat(asInteger.output().type()).isEqualTo(ColumnType.INTEGER);
        assertThat(asInteger.apply("b")).isEqualTo(-3);
        BoundValueTransform asDecimal = bind(LookupValue.Options.of(csv).field("d").type(ColumnType.DECIMAL), key);
        assertThat(asDecimal.output()).isEqualTo(new Column("k", ColumnType.DECIMAL, true, 3, 2));
        assertThat(asDecimal.apply("b")).isEqualTo(new BigDecimal("2.00"));
        BoundValueTransform asDate = bind(LookupValue.Options.of(csv).field("when").type(ColumnType.DATE), key);
        assertThat(asDate.apply("b")).isEqualTo(LocalDate.of(2024, 2, 29));

        assertThatThrownBy(() -> bind(LookupValue.Options.of(csv).field("d").type(ColumnType.BIGINT), key))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("codes.csv, line 2: key 'a' maps to '1.50', which is not an integer, so it cannot be BIGINT");
        assertThatThrownBy(() -> bind(LookupValue.Options.of(csv).field("n").type(ColumnType.SMALLINT).defaultTo(70000), key))
                .hasMessageContaining("the default '70000' is out of the range of SMALLINT");
        MappingSource whole = file("whole.json", "{\"a\": 2.0, \"b\": 2.5}");
        assertThatThrownBy(() -> bind(LookupValue.Options.of(whole).type(ColumnType.BIGINT), key))
                .hasMessageContaining("key 'b' maps to '2.5', which is not a whole number, so it cannot be BIGINT");
    }

    @Test
    void theFileIsReadAtTheFirstBindOnly() throws IOException {
        MappingSource source = file("once.json", "{\"a\": \"first\"}");
        LookupValue lookup = new LookupValue(LookupValue.Options.of(source));
        assertThat(lookup.bind(Column.of("k", ColumnType.STRING)).apply("a")).isEqualTo("first");
        Files.writeString(source.path(), "{\"a\": \"second\"}");
        assertThat(lookup.bind(Column.of("other", ColumnType.STRING)).apply("a")).isEqualTo("first");
        assertThat(new LookupValue(LookupValue.Options.of(source)).bind(Column.of("k", ColumnType.STRING)).apply("a"))
                .isEqualTo("second");
    }

    @Test
    void eachRunReadsTheFileAfreshThoughThePipelineWasLoadedOnce() throws IOException {
        MappingSource source = file("edited.json", "{\"a\": \"first\"}");
        LookupValue lookup = new LookupValue(LookupValue.Options.of(source));
        Column column = Column.of("k", ColumnType.STRING);
        assertThat(lookup.bind(column, TransformContext.forRun(LookupTables.NONE)).apply("a")).isEqualTo("first");

        Files.writeString(source.path(), "{\"a\": \"second\"}");

        TransformContext nextRun = TransformContext.forRun(LookupTables.NONE);
        assertThat(lookup.bind(column, nextRun).apply("a")).as("a server's next run, same loaded pipeline").isEqualTo("second");
        Files.writeString(source.path(), "{\"a\": \"third\"}");
        assertThat(lookup.bind(Column.of("other", ColumnType.STRING), nextRun).apply("a"))
                .as("within one run the file is read once").isEqualTo("second");
    }
}
