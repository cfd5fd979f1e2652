package dev.ferry.engine.transform.identity;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.engine.transform.BoundValueTransform;
import dev.ferry.engine.transform.TransformDefinitionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The policies are read from their spellings in a pipeline file, and one transform serves many columns. */
class InvalidValuePolicyTest {

    @Test
    void policiesAreReadInAnyCase() {
        assertThat(InvalidValuePolicy.named("error")).isEqualTo(InvalidValuePolicy.ERROR);
        assertThat(InvalidValuePolicy.named(" NULL ")).isEqualTo(InvalidValuePolicy.NULL);
        assertThat(InvalidValuePolicy.named("Keep")).isEqualTo(InvalidValuePolicy.KEEP);
        assertThat(ExtensionPolicy.named("reject")).isEqualTo(ExtensionPolicy.REJECT);
        assertThat(ExtensionPolicy.named("DROP")).isEqualTo(ExtensionPolicy.DROP);
    }

    @Test
    void unknownSpellingsNameTheValidOnes() {
        assertThatThrownBy(() -> InvalidValuePolicy.named("skip")).isInstanceOf(TransformDefinitionException.class)
                .hasMessage("what an invalid value gets is 'skip'; it may be error, null or keep");
        assertThatThrownBy(() -> InvalidValuePolicy.named(null)).isInstanceOf(TransformDefinitionException.class)
                .hasMessage("what an invalid value gets is 'null'; it may be error, null or keep");
        assertThatThrownBy(() -> ExtensionPolicy.named("keep")).isInstanceOf(TransformDefinitionException.class)
                .hasMessage("what a phone extension gets is 'keep'; it may be reject or drop");
    }

    @Test
    void oneTransformBindsToManyColumnsIndependently() {
        PhoneTransform phone = PhoneTransform.of(PhoneTransform.Options.defaults().withDefaultRegion("IT"));
        BoundValueTransform home = phone.bind(new Column("home", ColumnType.STRING, false, 20, 0));
        BoundValueTransform mobile = phone.bind(Column.of("mobile", ColumnType.TEXT));
        assertThat(home.output().name()).isEqualTo("home");
        assertThat(mobile.output().name()).isEqualTo("mobile");
        assertThat(home.apply("06 1234 5678")).isEqualTo("+390612345678");
        assertThat(mobile.apply("333 1234567")).isEqualTo("+393331234567");
        assertThatThrownBy(() -> mobile.apply("12")).hasMessageStartingWith("column mobile: '12'");
    }
}
