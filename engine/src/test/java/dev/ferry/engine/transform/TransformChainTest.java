package dev.ferry.engine.transform;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TransformChainTest {

    private static final StreamSchema PATIENTS = new StreamSchema("patients",
            List.of(Column.of("id", ColumnType.INTEGER), Column.of("name", ColumnType.STRING),
                    Column.of("age", ColumnType.STRING)), List.of("id"));

    @Test
    void eachStepIsPlannedOnTheSchemaTheOneBeforeGives() {
        BoundChain chain = TransformChain.of(List.of(
                new TransformStep.OnColumn("age", toInteger()),
                new TransformStep.OnRow(TestTransforms.addColumn("adult", ColumnType.BOOLEAN,
                        schema -> row -> (Integer) row[schema.indexOf("age")] >= 18)),
                new TransformStep.OnColumn("name", TestTransforms.upper()))).bind(PATIENTS);

        assertThat(chain.input()).isEqualTo(PATIENTS);
        assertThat(chain.output().columnNames()).containsExactly("id", "name", "age", "adult");
        assertThat(chain.output().column("age").type()).isEqualTo(ColumnType.INTEGER);
        assertThat(chain.output().keyColumns()).containsExactly("id");

        Object[] row = {7, "ada", "36"};
        assertThat(chain.apply(row, "public.patients")).containsExactly(7, "ADA", 36, true);
        assertThat(row).as("the row read stays as it was").containsExactly(7, "ada", "36");
    }

    @Test
    void aStepOnAColumnThatIsNotThereIsRefusedNamingItsPositionAndTheColumns() {
        TransformChain chain = TransformChain.of(List.of(
                new TransformStep.OnColumn("name", TestTransforms.upper()),
                new TransformStep.OnColumn("nmae", TestTransforms.upper())));

        assertThatThrownBy(() -> chain.bind(PATIENTS))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessage("transform 2 (upper on nmae): there is no column nmae at this point; "
                        + "the columns are [id, name, age]");
    }

    @Test
    void aTypeAStepCannotTakeIsRefusedWhenBound() {
        TransformChain chain = TransformChain.of(List.of(new TransformStep.OnColumn("id", TestTransforms.upper())));

        assertThatThrownBy(() -> chain.bind(PATIENTS))
                .isInstanceOf(TransformDefinitionException.class)
                .hasMessageContaining("transform 1 (upper on id): takes text columns, and id is INTEGER");
    }

    @Test
    void aRejectedValueIsLocatedAtTheTableAndTheKeyAsRead() {
        BoundChain chain = TransformChain.of(List.of(
                new TransformStep.OnColumn("name", TestTransforms.upper()),
                new TransformStep.OnColumn("age", toInteger()))).bind(PATIENTS);

        RejectedValueException rejected = catchThrowableOfType(RejectedValueException.class,
                () -> chain.apply(new Object[] {9, "bo", "old"}, "public.patients"));

        assertThat(rejected.table()).isEqualTo("public.patients");
        assertThat(rejected.key()).isEqualTo("id=9");
        assertThat(rejected.column()).isEqualTo("age");
        assertThat(rejected.getMessage()).contains("'old' is not a whole number");
    }

    @Test
    void aRowAStepDropsGivesNullAndTheStepsAfterItDoNotRun() {
        List<Object[]> seenAfter = new ArrayList<>();
        BoundChain chain = TransformChain.of(List.of(
                new TransformStep.OnRow(TestTransforms.keepIf("filter", row -> (Integer) row[0] % 2 == 0)),
                new TransformStep.OnRow(TestTransforms.keepIf("watch", seenAfter::add)))).bind(PATIENTS);

        assertThat(chain.apply(new Object[] {1, "odd", "1"}, "t")).isNull();
        assertThat(chain.apply(new Object[] {2, "even", "2"}, "t")).containsExactly(2, "even", "2");
        assertThat(seenAfter).hasSize(1);
    }

    @Test
    void noTransformsPassTheRowAsItIs() {
        BoundChain chain = TransformChain.NONE.bind(PATIENTS);
        Object[] row = {1, "a", "b"};

        assertThat(chain.isEmpty()).isTrue();
        assertThat(chain.output()).isEqualTo(PATIENTS);
        assertThat(chain.apply(row, "t")).isSameAs(row);
    }

    /** Text of digits to an integer; anything else rejected. */
    private static ValueTransform toInteger() {
        return new ValueTransform() {
            @Override
            public BoundValueTransform bind(Column input) {
                Column output = new Column(input.name(), ColumnType.INTEGER, input.nullable(), 0, 0);
                return new BoundValueTransform() {
                    @Override
                    public Column output() {
                        return output;
                    }

                    @Override
                    public Object apply(Object value) {
                        if (value == null) {
                            return null;
                        }
                        if (!((String) value).matches("[0-9]{1,9}")) {
                            throw new RejectedValueException(input.name(), Shortened.quote(value) + " is not a whole number");
                        }
                        return Integer.valueOf((String) value);
                    }
                };
            }

            @Override
            public String name() {
                return "integer";
            }
        };
    }
}
