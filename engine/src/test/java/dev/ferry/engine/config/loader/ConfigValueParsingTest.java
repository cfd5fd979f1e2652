package dev.ferry.engine.config.loader;

import dev.ferry.api.Lookback;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValueParsingTest {

    @Test
    void parsesLookbackDurationsAndAmounts() {
        assertThat(LookbackParser.parse("250ms")).isEqualTo(new Lookback.Time(Duration.ofMillis(250)));
        assertThat(LookbackParser.parse("1h30m")).isEqualTo(new Lookback.Time(Duration.ofMinutes(90)));
        assertThat(LookbackParser.parse("pt10s")).isEqualTo(new Lookback.Time(Duration.ofSeconds(10)));
        assertThat(LookbackParser.parse("P1D")).isEqualTo(new Lookback.Time(Duration.ofDays(1)));
        assertThat(LookbackParser.parse("1000")).isEqualTo(new Lookback.Amount(new BigDecimal("1000")));
        assertThat(LookbackParser.parse("0.0")).isEqualTo(Lookback.NONE);
        assertThat(LookbackParser.parse("PT0S")).isEqualTo(Lookback.NONE);
    }

    @Test
    void rejectsNegativeAndMalformedLookbacks() {
        assertThatThrownBy(() -> LookbackParser.parse("-5"))
                .hasMessage("must not be negative; use " + LookbackParser.VALID_FORMS);
        assertThatThrownBy(() -> LookbackParser.parse("PT-5M"))
                .hasMessage("must not be negative; use " + LookbackParser.VALID_FORMS);
        assertThatThrownBy(() -> LookbackParser.parse("5 min"))
                .hasMessage("'5 min' is not valid; use " + LookbackParser.VALID_FORMS);
        assertThatThrownBy(() -> LookbackParser.parse("5w")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void takesTheUnqualifiedPartOfATableName() {
        assertThat(StreamSection.unqualified("dbo.ventas")).isEqualTo("ventas");
        assertThat(StreamSection.unqualified("db.dbo.[Order Lines]")).isEqualTo("Order Lines");
        assertThat(StreamSection.unqualified("public.\"my.table\"")).isEqualTo("my.table");
        assertThat(StreamSection.unqualified("`shop`.`items`")).isEqualTo("items");
        assertThat(StreamSection.unqualified("plain")).isEqualTo("plain");
    }

    @Test
    void anchorsRelativeSqlitePathsOnly() {
        Path base = Path.of("/srv/pipelines");
        assertThat(SqliteUrls.resolve("jdbc:sqlite:data/a.db", base)).isEqualTo("jdbc:sqlite:/srv/pipelines/data/a.db");
        assertThat(SqliteUrls.resolve("jdbc:sqlite:../a.db?cache=shared", base)).isEqualTo("jdbc:sqlite:/srv/a.db?cache=shared");
        assertThat(SqliteUrls.resolve("jdbc:sqlite:/var/a.db", base)).isEqualTo("jdbc:sqlite:/var/a.db");
        assertThat(SqliteUrls.resolve("jdbc:sqlite::memory:", base)).isEqualTo("jdbc:sqlite::memory:");
        assertThat(SqliteUrls.resolve("jdbc:postgresql://h/db", base)).isEqualTo("jdbc:postgresql://h/db");
    }
}
