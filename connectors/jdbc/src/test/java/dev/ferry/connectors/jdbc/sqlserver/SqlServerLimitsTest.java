package dev.ferry.connectors.jdbc.sqlserver;

import dev.ferry.api.ColumnType;
import dev.ferry.api.RejectedValueException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Texts longer than nvarchar(max) holds are refused by name before they are sent; anything shorter passes. */
class SqlServerLimitsTest {

    @Test
    void textsUpToNvarcharMaxPassAndLongerOnesAreRefused() {
        assertThatCode(() -> SqlServerLimits.requireStorableText("note", (1L << 30) - 1)).doesNotThrowAnyException();

        assertThatThrownBy(() -> SqlServerLimits.requireStorableText("note", 1L << 30))
                .isInstanceOf(RejectedValueException.class)
                .hasMessage("column note: the text has 1073741824 characters; SQL Server's nvarchar(max) holds at most 1073741823")
                .satisfies(e -> assertThat(((RejectedValueException) e).isRetriable()).isFalse());
    }

    @Test
    void bulkCopyChecksTextsAsItEncodesThem() {
        BulkColumn text = BulkColumn.of(new dev.ferry.api.Column("note", ColumnType.TEXT, true, 0, 0), "nvarchar");

        assertThat(text.encode("a".repeat(5_000_000))).isEqualTo("a".repeat(5_000_000));
    }
}
