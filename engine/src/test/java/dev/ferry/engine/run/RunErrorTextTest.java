package dev.ferry.engine.run;

import dev.ferry.api.FerryException;
import dev.ferry.api.RejectedValueException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunErrorTextTest {

    @Test
    void aLocatedRejectionSaysItsReasonOnceWithTableColumnAndRow() {
        RejectedValueException rejected = new RejectedValueException("monto", "MariaDB has no NaN")
                .locatedAt("ventas", "conduce=42");

        assertThat(PipelineRunner.describe(rejected))
                .isEqualTo("table ventas, column monto, row conduce=42: MariaDB has no NaN");
        assertThat(rejected.getStackTrace()).isNotEmpty();
    }

    @Test
    void aLocatedRejectionKeepsTheDriverErrorBehindIt() {
        RejectedValueException rejected = new RejectedValueException("note", "too long",
                new java.sql.SQLDataException("Data too long")).locatedAt("docs", "id=1");

        assertThat(PipelineRunner.describe(new FerryException("Cannot write to docs", rejected)))
                .isEqualTo("Cannot write to docs: table docs, column note, row id=1: too long: Data too long");
    }
}
