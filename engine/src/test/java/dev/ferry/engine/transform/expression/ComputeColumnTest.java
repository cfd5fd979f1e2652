package dev.ferry.engine.transform.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.engine.transform.BoundRowTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ComputeColumnTest {

    private static final StreamSchema VENTAS = new StreamSchema("ventas", List.of(
            new Column("conduce", ColumnType.BIGINT, false, 0, 0),
            new Column("cliente", ColumnType.TEXT, false, 0, 0),
            new Column("monto", ColumnType.DECIMAL, false, 14, 2),
            Column.of("notas", ColumnType.TEXT),
            Column.of("descuento", ColumnType.INTEGER)), List.of("conduce"));

    private static Object[] venta(long conduce, String cliente, String monto, String notas, Integer descuento) {
        return new Object[] {conduce, cliente, new BigDecimal(monto), notas, descuento};
    }

    private static Object compute(StreamSchema schema, String expression, Object... row) {
        BoundRowTransform bound = ComputeColumn.of("out", expression).bind(schema);
        Object[] out = bound.apply(row);
        return out[bound.output().indexOf("out")];
    }

    private static StreamSchema oneColumn(Column column) {
        return new StreamSchema("t", List.of(column), List.of());
    }

    @Test
    void addsAColumnOfTheTypeTheExpressionGives() {
        BoundRowTransform bound = ComputeColumn.of("doble", "conduce * 2").bind(VENTAS);
        Object[] input = venta(21, "Ana", "10.00", null, null);

        Object[] out = bound.apply(input);

        assertThat(bound.output().columns()).hasSize(6);
        assertThat(bound.output().columns().get(5)).isEqualTo(new Column("doble", ColumnType.BIGINT, false, 0, 0));
        assertThat(bound.output().keyColumns()).containsExactly("conduce");
        assertThat(out).containsExactly(21L, "Ana", new BigDecimal("10.00"), null, null, 42L);
        assertThat(out).isNotSameAs(input);
        assertThat(input).hasSize(5);
    }

    @Test
    void replacesTheColumnOfTheSameNameInPlace() {
        BoundRowTransform bound = ComputeColumn.of("cliente", "cliente.upperAscii() + ' #' + string(conduce)")
                .bind(VENTAS);

        Object[] out = bound.apply(venta(7, "Ana", "1.00", null, null));

        assertThat(bound.output().columnNames()).containsExactly("conduce", "cliente", "monto", "notas", "descuento");
        assertThat(bound.output().column("cliente").type()).isEqualTo(ColumnType.TEXT);
        assertThat(out[1]).isEqualTo("ANA #7");
    }

    @Test
    void replacingAColumnMayChangeItsType() {
        BoundRowTransform bound = ComputeColumn.of("cliente", "size(cliente)").bind(VENTAS);

        assertThat(bound.output().column("cliente").type()).isEqualTo(ColumnType.BIGINT);
        assertThat(bound.apply(venta(7, "Ana", "1.00", null, null))[1]).isEqualTo(3L);
    }

    @Test
    void integersOfEveryWidthAreInts() {
        StreamSchema schema = new StreamSchema("t", List.of(
                Column.of("s", ColumnType.SMALLINT), Column.of("i", ColumnType.INTEGER),
                Column.of("b", ColumnType.BIGINT)), List.of());

        assertThat(compute(schema, "s + i + b", (short) 1, 2, 3L)).isEqualTo(6L);
    }

    @Test
    void decimalsAreTheirExactTextAndNeedAnExplicitCastForArithmetic() {
        assertThat(compute(VENTAS, "monto", venta(1, "a", "1234.50", null, null))).isEqualTo("1234.50");
        assertThat(compute(VENTAS, "double(monto) * 2.0", venta(1, "a", "1234.50", null, null))).isEqualTo(2469.0);
        assertThat(compute(oneColumn(Column.of("d", ColumnType.DECIMAL)), "d", new BigDecimal("1E+3")))
                .isEqualTo("1000");
        assertThat(compute(oneColumn(Column.of("d", ColumnType.DECIMAL)), "d", NonFiniteDecimal.NAN))
                .isEqualTo("NaN");

        assertThatThrownBy(() -> ComputeColumn.of("x", "monto * 2").bind(VENTAS))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("ERROR: <input>:1:7: found no matching overload for '_*_' applied to '(string, int)'");
    }

    @Test
    void floatsAreWidenedExactlyToDoubles() {
        assertThat(compute(oneColumn(Column.of("f", ColumnType.FLOAT)), "f * 2.0", 0.1f))
                .isEqualTo((double) 0.1f * 2.0);
        assertThat(compute(oneColumn(Column.of("d", ColumnType.DOUBLE)), "d / 4.0", 1.0)).isEqualTo(0.25);
    }

    @Test
    void textTypesBooleansBytesUuidsAndTimesHaveTheirCelForms() {
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        StreamSchema schema = new StreamSchema("t", List.of(
                Column.of("j", ColumnType.JSON), Column.of("ok", ColumnType.BOOLEAN),
                Column.of("data", ColumnType.BINARY), Column.of("id", ColumnType.UUID),
                Column.of("at", ColumnType.TIME), Column.of("s", ColumnType.STRING)), List.of());
        Object[] row = {"{\"a\":1}", true, new byte[] {1, 2, 3}, uuid, LocalTime.of(9, 5), "x"};

        assertThat(compute(schema, "j.contains('\"a\"') && ok", row)).isEqualTo(true);
        assertThat(compute(schema, "size(data)", row)).isEqualTo(3L);
        assertThat((byte[]) compute(schema, "data + b'\\x04'", row)).containsExactly(1, 2, 3, 4);
        assertThat(compute(schema, "id", row)).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
        assertThat(compute(schema, "at", row)).isEqualTo("09:05:00");
        assertThat(compute(schema, "at < '10:00:00'", row)).isEqualTo(true);
    }

    @Test
    void datesAndTimestampsAreTimestampsInUtc() {
        StreamSchema schema = new StreamSchema("t", List.of(
                new Column("d", ColumnType.DATE, false, 0, 0),
                new Column("ts", ColumnType.TIMESTAMP, false, 0, 0),
                new Column("tz", ColumnType.TIMESTAMP_TZ, false, 0, 0)), List.of());
        Object[] row = {LocalDate.of(2024, 3, 1), LocalDateTime.of(2024, 3, 1, 10, 30),
                OffsetDateTime.of(2024, 3, 1, 12, 30, 0, 0, ZoneOffset.ofHours(2))};

        assertThat(compute(schema, "string(d)", row)).isEqualTo("2024-03-01T00:00:00Z");
        assertThat(compute(schema, "string(ts)", row)).isEqualTo("2024-03-01T10:30:00Z");
        assertThat(compute(schema, "ts == tz", row)).isEqualTo(true);
        assertThat(compute(schema, "ts.getHours()", row)).isEqualTo(10L);
        assertThat(compute(schema, "tz + duration('90m')", row))
                .isEqualTo(OffsetDateTime.of(2024, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void aTimestampResultIsWrittenAsTimestampTzAtUtcOrAsDeclared() {
        StreamSchema schema = oneColumn(new Column("d", ColumnType.DATE, false, 0, 0));

        BoundRowTransform tz = ComputeColumn.of("next", "d + duration('24h')").bind(schema);
        assertThat(tz.output().column("next").type()).isEqualTo(ColumnType.TIMESTAMP_TZ);
        assertThat(tz.apply(new Object[] {LocalDate.of(2024, 2, 28)})[1])
                .isEqualTo(OffsetDateTime.of(2024, 2, 29, 0, 0, 0, 0, ZoneOffset.UTC));

        BoundRowTransform date = ComputeColumn.of("next", "d + duration('24h')", OutputType.of(ColumnType.DATE))
                .bind(schema);
        assertThat(date.apply(new Object[] {LocalDate.of(2024, 2, 28)})[1]).isEqualTo(LocalDate.of(2024, 2, 29));

        BoundRowTransform local = ComputeColumn.of("next", "d + duration('1h')", OutputType.of(ColumnType.TIMESTAMP))
                .bind(schema);
        assertThat(local.apply(new Object[] {LocalDate.of(2024, 2, 28)})[1])
                .isEqualTo(LocalDateTime.of(2024, 2, 28, 1, 0));

        BoundRowTransform notMidnight = ComputeColumn.of("next", "d + duration('1h')", OutputType.of(ColumnType.DATE))
                .bind(schema);
        assertThatThrownBy(() -> notMidnight.apply(new Object[] {LocalDate.of(2024, 2, 28)}))
                .isInstanceOf(RejectedValueException.class)
                .hasMessageContaining("column next")
                .hasMessageContaining("not at midnight UTC");
    }

    @Test
    void aDateOutsideCelsRangeRejectsTheRowOnlyWhenRead() {
        StreamSchema schema = new StreamSchema("t", List.of(
                Column.of("d", ColumnType.DATE), Column.of("n", ColumnType.INTEGER)), List.of());
        Object[] row = {LocalDate.MAX, 1};

        assertThat(compute(schema, "n + 1", row)).isEqualTo(2L);
        assertThatThrownBy(() -> compute(schema, "d.getFullYear()", row))
                .isInstanceOfSatisfying(RejectedValueException.class, e -> {
                    assertThat(e.column()).isEqualTo("d");
                    assertThat(e.reason()).contains("+999999999-12-31").contains("years 1 to 9999");
                });
    }

    @Test
    void columnsThatAreNotIdentifiersAreReachedThroughRow() {
        StreamSchema schema = new StreamSchema("pazienti", List.of(
                Column.of("Nome Cognome", ColumnType.TEXT), Column.of("codice-fiscale", ColumnType.TEXT),
                Column.of("row", ColumnType.INTEGER), Column.of("int", ColumnType.INTEGER)), List.of());
        Object[] row = {"Mario Rossi", "RSSMRA80A01H501U", 5, 6};

        assertThat(compute(schema, "row['Nome Cognome'] + ' ' + row.`codice-fiscale`", row))
                .isEqualTo("Mario Rossi RSSMRA80A01H501U");
        assertThat(ComputeColumn.of("out", "row['row'] + row['int']", OutputType.of(ColumnType.BIGINT))
                .bind(schema).apply(row)[4]).isEqualTo(11L);
        assertThat(compute(schema, "'Nome Cognome' in row && size(row) == 4", row)).isEqualTo(true);
    }

    @Test
    void aRowKeyThatIsNoColumnIsADefinitionErrorWithItsLocation() {
        assertThatThrownBy(() -> ComputeColumn.of("x", "cliente +\n  row['clinete']").bind(VENTAS))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("ERROR: <input>:2:6: row has no column 'clinete'")
                .hasMessageContaining("[conduce, cliente, monto, notas, descuento]")
                .cause().isInstanceOfSatisfying(InvalidExpressionException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(6);
                });
    }

    @Test
    void aComputedRowKeyThatIsNoColumnRejectsTheRow() {
        BoundRowTransform bound = ComputeColumn.of("x", "row[cliente]", OutputType.of(ColumnType.TEXT)).bind(VENTAS);

        assertThatThrownBy(() -> bound.apply(venta(1, "nope", "1.00", null, null)))
                .isInstanceOfSatisfying(RejectedValueException.class, e -> {
                    assertThat(e.column()).isEqualTo("x");
                    assertThat(e.reason()).contains("row[cliente]").contains("nope");
                });
    }

    @Test
    void aSyntaxErrorIsFoundWhenTheTransformIsMadeWithCelsLocatedMessage() {
        assertThatThrownBy(() -> ComputeColumn.of("total", "conduce +"))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageStartingWith("compute 'total': the expression 'conduce +' does not parse: ERROR: <input>:1:10:")
                .cause().isInstanceOfSatisfying(InvalidExpressionException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(10);
                    assertThat(e.problem()).startsWith("mismatched input '<EOF>'");
                });
    }

    @Test
    void aTypeErrorIsFoundAtBindWithItsLineAndColumn() {
        ComputeColumn compute = ComputeColumn.of("total", "conduce +\n  nombre");

        assertThatThrownBy(() -> compute.bind(VENTAS))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("does not type-check against the columns of ventas")
                .hasMessageContaining("ERROR: <input>:2:3: undeclared reference to 'nombre'")
                .cause().isInstanceOfSatisfying(InvalidExpressionException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(3);
                });
    }

    @Test
    void anEmptyExpressionOrNamelessColumnIsRefused() {
        assertThatThrownBy(() -> ComputeColumn.of("x", "  "))
                .isInstanceOf(TransformDefinitionException.class).hasMessageContaining("the expression is empty");
        assertThatThrownBy(() -> ComputeColumn.of(" ", "1"))
                .isInstanceOf(TransformDefinitionException.class).hasMessageContaining("has no name");
    }

    @Test
    void nullsReachTheExpressionAsCelNull() {
        Object[] withoutNotes = venta(1, "Ana", "1.00", null, null);
        Object[] withNotes = venta(1, "Ana", "1.00", "urgente", 3);

        assertThat(compute(VENTAS, "notas == null ? 'sin notas' : notas", withoutNotes)).isEqualTo("sin notas");
        assertThat(compute(VENTAS, "notas == null ? 'sin notas' : notas", withNotes)).isEqualTo("urgente");
        assertThat(compute(VENTAS, "descuento == null ? 0 : descuento * 2", withNotes)).isEqualTo(6L);
    }

    @Test
    void usingANullAsAValueRejectsTheRowNamingTheComputedColumn() {
        BoundRowTransform bound = ComputeColumn.of("doble", "descuento * 2").bind(VENTAS);

        assertThat(bound.apply(venta(1, "Ana", "1.00", null, 4))[5]).isEqualTo(8L);
        assertThatThrownBy(() -> bound.apply(venta(1, "Ana", "1.00", null, null)))
                .isInstanceOfSatisfying(RejectedValueException.class, e -> {
                    assertThat(e.column()).isEqualTo("doble");
                    assertThat(e.reason()).contains("'descuento * 2' failed").contains("No matching overload");
                });
    }

    @Test
    void aNullableResultGivesANullableColumn() {
        BoundRowTransform bound = ComputeColumn.of("copia", "notas").bind(VENTAS);

        assertThat(bound.output().column("copia")).isEqualTo(new Column("copia", ColumnType.TEXT, true, 0, 0));
        assertThat(bound.apply(venta(1, "Ana", "1.00", null, null))[5]).isNull();
        assertThat(bound.apply(venta(1, "Ana", "1.00", "x", null))[5]).isEqualTo("x");
    }

    @Test
    void anOptionalResultIsWrittenAsItsValueOrNull() {
        BoundRowTransform bound = ComputeColumn.of("grande", "conduce > 10 ? optional.of(conduce) : optional.none()")
                .bind(VENTAS);

        assertThat(bound.output().column("grande")).isEqualTo(new Column("grande", ColumnType.BIGINT, true, 0, 0));
        assertThat(bound.apply(venta(11, "Ana", "1.00", null, null))[5]).isEqualTo(11L);
        assertThat(bound.apply(venta(9, "Ana", "1.00", null, null))[5]).isNull();
    }

    @Test
    void aNullInAColumnDeclaredNotNullIsRejectedNotPassedOn() {
        BoundRowTransform bound = ComputeColumn.of("copia", "cliente").bind(VENTAS);

        assertThat(bound.output().column("copia").nullable()).isFalse();
        assertThatThrownBy(() -> bound.apply(venta(1, null, "1.00", null, null)))
                .isInstanceOfSatisfying(RejectedValueException.class, e -> {
                    assertThat(e.column()).isEqualTo("copia");
                    assertThat(e.reason()).contains("gave null");
                });
    }

    @Test
    void runtimeErrorsRejectTheRowWithCelsMessage() {
        BoundRowTransform division = ComputeColumn.of("q", "conduce / (conduce - 1)").bind(VENTAS);
        BoundRowTransform overflow = ComputeColumn.of("big", "conduce * 9223372036854775807").bind(VENTAS);

        assertThat(division.apply(venta(3, "a", "1.00", null, null))[5]).isEqualTo(1L);
        assertThatThrownBy(() -> division.apply(venta(1, "a", "1.00", null, null)))
                .isInstanceOfSatisfying(RejectedValueException.class, e -> {
                    assertThat(e.column()).isEqualTo("q");
                    assertThat(e.reason()).contains("/ by zero");
                });
        assertThatThrownBy(() -> overflow.apply(venta(2, "a", "1.00", null, null)))
                .isInstanceOfSatisfying(RejectedValueException.class, e -> {
                    assertThat(e.column()).isEqualTo("big");
                    assertThat(e.reason()).contains("overflow");
                });
    }

    @Test
    void aDeclaredTypeMustAgreeWithTheExpressionsType() {
        assertThatThrownBy(() -> ComputeColumn.of("x", "cliente", OutputType.of(ColumnType.BOOLEAN)).bind(VENTAS))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("the expression's type is string, which cannot be written exactly as BOOLEAN")
                .hasMessageContaining("it can be [DECIMAL, STRING, TEXT, UUID]");
        assertThatThrownBy(() -> ComputeColumn.of("x", "double(conduce)", OutputType.of(ColumnType.DECIMAL)).bind(VENTAS))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("double, which cannot be written exactly as DECIMAL");
    }

    @Test
    void aDeclaredNarrowerIntegerRejectsValuesOutOfItsRange() {
        BoundRowTransform bound = ComputeColumn.of("x", "conduce * 1000", OutputType.of(ColumnType.INTEGER)).bind(VENTAS);

        assertThat(bound.output().column("x").type()).isEqualTo(ColumnType.INTEGER);
        assertThat(bound.apply(venta(2, "a", "1.00", null, null))[5]).isEqualTo(2000);
        assertThatThrownBy(() -> bound.apply(venta(3_000_000, "a", "1.00", null, null)))
                .isInstanceOf(RejectedValueException.class)
                .hasMessageContaining("column x: computed value '3000000000' is outside INTEGER's range");
    }

    @Test
    void aDeclaredDecimalTakesExactTextAndNeverRounds() {
        BoundRowTransform bound = ComputeColumn.of("iva", "monto", new OutputType(ColumnType.DECIMAL, 5, 3))
                .bind(VENTAS);

        assertThat(bound.output().column("iva")).isEqualTo(new Column("iva", ColumnType.DECIMAL, false, 5, 3));
        assertThat(bound.apply(venta(1, "a", "12.3", null, null))[5]).isEqualTo(new BigDecimal("12.300"));
        assertThatThrownBy(() -> bound.apply(venta(1, "a", "12.3456", null, null)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("more than the column's 3 digits");
        assertThatThrownBy(() -> bound.apply(venta(1, "a", "123.4", null, null)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("does not fit DECIMAL(5,3)");
        BoundRowTransform text = ComputeColumn.of("n", "cliente", OutputType.of(ColumnType.DECIMAL)).bind(VENTAS);
        assertThatThrownBy(() -> text.apply(venta(1, "doce", "1", null, null)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("'doce' is not a decimal number");
    }

    @Test
    void aDeclaredStringLengthIsALimitNotACut() {
        BoundRowTransform bound = ComputeColumn.of("x", "cliente", new OutputType(ColumnType.STRING, 3, 0)).bind(VENTAS);

        assertThat(bound.apply(venta(1, "Ana", "1", null, null))[5]).isEqualTo("Ana");
        assertThatThrownBy(() -> bound.apply(venta(1, "Anna", "1", null, null)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("longer than the column's 3 characters");
    }

    @Test
    void aDeclaredFloatTakesOnlyExactlyRepresentableDoubles() {
        BoundRowTransform bound = ComputeColumn.of("x", "double(conduce) / 4.0", OutputType.of(ColumnType.FLOAT))
                .bind(VENTAS);
        BoundRowTransform tenth = ComputeColumn.of("x", "double(conduce) / 10.0", OutputType.of(ColumnType.FLOAT))
                .bind(VENTAS);

        assertThat(bound.apply(venta(1, "a", "1", null, null))[5]).isEqualTo(0.25f);
        assertThatThrownBy(() -> tenth.apply(venta(1, "a", "1", null, null)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("no exact FLOAT");
    }

    @Test
    void aUuidIsTakenFromItsCanonicalTextOnly() {
        BoundRowTransform bound = ComputeColumn.of("id", "cliente", OutputType.of(ColumnType.UUID)).bind(VENTAS);

        assertThat(bound.apply(venta(1, "123E4567-E89B-12D3-A456-426614174000", "1", null, null))[5])
                .isEqualTo(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        assertThatThrownBy(() -> bound.apply(venta(1, "1-2-3-4-5", "1", null, null)))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("not a UUID");
    }

    @Test
    void aDynResultNeedsADeclaredTypeAndIsCheckedOnEachRow() {
        assertThatThrownBy(() -> ComputeColumn.of("x", "row['conduce']").bind(VENTAS))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("the expression's type is dyn")
                .hasMessageContaining("declare the column's type");

        BoundRowTransform bound = ComputeColumn.of("x", "row[cliente == 'n' ? 'conduce' : 'cliente']",
                OutputType.of(ColumnType.BIGINT)).bind(VENTAS);
        assertThat(bound.output().column("x").nullable()).isTrue();
        assertThat(bound.apply(venta(5, "n", "1", null, null))[5]).isEqualTo(5L);
        assertThatThrownBy(() -> bound.apply(venta(5, "s", "1", null, null)))
                .isInstanceOf(RejectedValueException.class)
                .hasMessageContaining("computed value 's' is a String, but BIGINT takes an int");
    }

    @Test
    void resultsNoColumnCanHoldAreRefused() {
        assertThatThrownBy(() -> ComputeColumn.of("x", "[conduce, 1]").bind(VENTAS))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("the expression's type is list, which no column can hold");
        assertThatThrownBy(() -> ComputeColumn.of("x", "duration('1h')").bind(VENTAS))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("the expression's type is duration");
    }

    @Test
    void anUnsignedResultIsAnExactDecimal() {
        BoundRowTransform bound = ComputeColumn.of("x", "uint(conduce) * 2u").bind(VENTAS);

        assertThat(bound.output().column("x")).isEqualTo(new Column("x", ColumnType.DECIMAL, false, 20, 0));
        assertThat(bound.apply(venta(Long.MAX_VALUE, "a", "1", null, null))[5])
                .isEqualTo(new BigDecimal("18446744073709551614"));
    }

    @Test
    void macrosAndStringFunctionsAreAvailable() {
        assertThat(compute(VENTAS, "[1, 2, 3].map(x, x * conduce).exists(x, x == 6)", venta(2, "a", "1", null, null)))
                .isEqualTo(true);
        assertThat(compute(VENTAS, "cliente.trim().lowerAscii().replace(' ', '_')", venta(2, " Gran Cliente ", "1", null, null)))
                .isEqualTo("gran_cliente");
        assertThat(compute(VENTAS, "has(row.notas)", venta(2, "a", "1", null, null))).isEqualTo(true);
    }

    @Test
    void nullableTimestampsAndBytesCompareWithNull() {
        StreamSchema schema = new StreamSchema("t", List.of(
                Column.of("d", ColumnType.DATE), Column.of("data", ColumnType.BINARY)), List.of());

        assertThat(compute(schema, "d == null && data == null", null, null)).isEqualTo(true);
        assertThat(compute(schema, "d == null ? 0 : d.getFullYear()", LocalDate.of(2024, 5, 1), null)).isEqualTo(2024L);
        assertThatThrownBy(() -> compute(schema, "d.getFullYear()", null, null))
                .isInstanceOf(RejectedValueException.class).hasMessageContaining("column out:");
    }

    @Test
    void theRowMapConvertsOnlyTheValuesItIsAskedFor() {
        StreamSchema schema = new StreamSchema("t", List.of(
                Column.of("d", ColumnType.DATE), Column.of("Código", ColumnType.INTEGER)), List.of());

        assertThat(compute(schema, "row['Código'] + 1 == 2", LocalDate.MAX, 1)).isEqualTo(true);
        assertThatThrownBy(() -> compute(schema, "row['d'] == null", LocalDate.MAX, 1))
                .isInstanceOfSatisfying(RejectedValueException.class, e -> assertThat(e.column()).isEqualTo("d"));
    }

    @Test
    void oneTransformBindsToManySchemas() {
        ComputeColumn compute = ComputeColumn.of("doble", "n * 2");
        StreamSchema ints = oneColumn(Column.of("n", ColumnType.INTEGER));
        StreamSchema doubles = oneColumn(Column.of("n", ColumnType.DOUBLE));

        assertThat(compute.bind(ints).apply(new Object[] {4})[1]).isEqualTo(8L);
        assertThatThrownBy(() -> compute.bind(doubles))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("applied to '(wrapper(double), int)'");
        assertThat(compute.name()).isEqualTo("compute");
        assertThat(compute).hasToString("compute doble = n * 2");
    }

    @Test
    void columnsNamedLikeFunctionsAndMacrosAreStillVariables() {
        StreamSchema schema = new StreamSchema("t", List.of(
                Column.of("size", ColumnType.INTEGER), Column.of("timestamp", ColumnType.TEXT),
                Column.of("has", ColumnType.INTEGER), Column.of("matches", ColumnType.TEXT)), List.of());
        Object[] row = {2, "2024-01-01T00:00:00Z", 3, "abc"};

        assertThat(compute(schema, "size + has + size(matches)", row)).isEqualTo(8L);
        assertThat(compute(schema, "timestamp(timestamp).getFullYear() + size", row)).isEqualTo(2026L);
        assertThat(compute(schema, "matches.matches('^a') && has(row.size)", row)).isEqualTo(true);
    }

    @Test
    void aDeclaredBinaryLengthIsALimit() {
        StreamSchema schema = oneColumn(Column.of("data", ColumnType.BINARY));
        BoundRowTransform bound = ComputeColumn.of("x", "data + data", new OutputType(ColumnType.BINARY, 4, 0))
                .bind(schema);

        assertThat((byte[]) bound.apply(new Object[] {new byte[] {1, 2}})[1]).containsExactly(1, 2, 1, 2);
        assertThatThrownBy(() -> bound.apply(new Object[] {new byte[] {1, 2, 3}}))
                .isInstanceOf(RejectedValueException.class)
                .hasMessageContaining("column x: computed value of 6 bytes is longer than the column's 4 bytes");
    }

    @Test
    void oneBoundTransformServesManyRows() {
        BoundRowTransform bound = ComputeColumn.of("doble", "conduce * 2").bind(VENTAS);

        for (long i = 0; i < 1000; i++) {
            assertThat(bound.apply(venta(i, "a", "1", null, null))[5]).isEqualTo(2 * i);
        }
    }
}
