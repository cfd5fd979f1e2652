package dev.ferry.connectors.jdbc.sqlserver;

import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.FerryException;
import dev.ferry.api.NonFiniteDecimal;
import dev.ferry.api.RejectedValueException;
import dev.ferry.connectors.jdbc.JdbcConnectorFactory;
import dev.ferry.connectors.jdbc.TableName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlServerDialectTest {
    private static final SqlServerDialect DIALECT = new SqlServerDialect();

    /** Bound values SQL Server cannot hold are refused before they are sent, naming the column. */
    @Test
    void bindRefusesWhatSqlServerCannotHold() throws SQLException {
        Object[][] refused = {
                {Column.of("at", ColumnType.TIMESTAMP_TZ), OffsetDateTime.MAX},
                {Column.of("at", ColumnType.TIMESTAMP_TZ), OffsetDateTime.of(1, 1, 1, 0, 30, 0, 0, ZoneOffset.ofHours(1))},
                {Column.of("day", ColumnType.DATE), LocalDate.of(0, 6, 1)},
                {Column.of("day", ColumnType.DATE), LocalDate.MIN},
                {Column.of("ts", ColumnType.TIMESTAMP), LocalDateTime.of(10_000, 1, 1, 0, 0)},
                {Column.of("amount", ColumnType.DECIMAL), NonFiniteDecimal.POSITIVE_INFINITY},
                {Column.of("ratio", ColumnType.DOUBLE), Double.NaN},
                {Column.of("ratio", ColumnType.FLOAT), Float.NEGATIVE_INFINITY}};
        try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:bind-" + UUID.randomUUID());
             PreparedStatement statement = h2.prepareStatement("SELECT ?")) {
            for (Object[] value : refused) {
                Column column = (Column) value[0];
                assertThatThrownBy(() -> DIALECT.bind(statement, 1, column, value[1])).as(String.valueOf(value[1]))
                        .isInstanceOfSatisfying(RejectedValueException.class,
                                rejected -> assertThat(rejected.column()).isEqualTo(column.name()));
            }
        }
    }

    @Test
    void isRegisteredForItsTypeAndUrls() {
        assertThat(JdbcConnectorFactory.dialect("sqlserver")).isInstanceOf(SqlServerDialect.class);
        assertThat(new JdbcConnectorFactory().types()).contains("sqlserver");
        assertThat(new JdbcConnectorFactory().typeForUrl("jdbc:sqlserver://erp.local:1433;databaseName=ventas;encrypt=true"))
                .isEqualTo("sqlserver");
        assertThat(JdbcConnectorFactory.connection("erp", "jdbc:sqlserver://erp.local;databaseName=ventas").type())
                .isEqualTo("sqlserver");
    }

    @Test
    void quotesWithBrackets() {
        assertThat(DIALECT.quote("Order Details", "table")).isEqualTo("[Order Details]");
        assertThat(DIALECT.quote("O'Brien", "column")).isEqualTo("[O'Brien]");
        assertThat(DIALECT.quote("número", "column")).isEqualTo("[número]");
        assertThat(DIALECT.quote(new TableName("dbo", "Invoice Lines"))).isEqualTo("[dbo].[Invoice Lines]");
        assertThat(DIALECT.quote(new TableName(null, "CONDUCE"))).isEqualTo("[CONDUCE]");
    }

    @Test
    void acceptsNamesUpTo128Characters() {
        String longest = "c".repeat(128);

        assertThat(DIALECT.quote(longest, "column")).isEqualTo("[" + longest + "]");
        assertThatThrownBy(() -> DIALECT.quote(longest + "c", "column of dbo.sales"))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("column of dbo.sales")
                .hasMessageContaining("longer than 128 characters");
    }

    /** A bracket could close the quoted name; the others could end or confuse the statement. */
    @ParameterizedTest
    @ValueSource(strings = {"a]b", "a[b", "x]; DROP TABLE t; --", "a\"b", "semi;colon", "back\\slash", "tab\there",
            " padded", ""})
    void refusesNamesThatCouldEscapeTheirQuotes(String name) {
        assertThatThrownBy(() -> DIALECT.quote(name, "column of dbo.sales"))
                .isInstanceOf(FerryException.class)
                .hasMessageStartingWith("Invalid identifier for column of dbo.sales");
        assertThatThrownBy(() -> DIALECT.quote(new TableName(name, "t")))
                .isInstanceOf(FerryException.class)
                .hasMessageContaining("schema of table");
    }

    @Test
    void offersTablesOfTheDefaultSchemaByTheirOwnName() {
        assertThat(DIALECT.objectName(new TableName("dbo", "ventas"))).isEqualTo("ventas");
        assertThat(DIALECT.objectName(new TableName("erp", "ventas"))).isEqualTo("erp.ventas");
    }

    @Test
    void identity() {
        assertThat(DIALECT.type()).isEqualTo("sqlserver");
        assertThat(DIALECT.urlPrefix()).isEqualTo("jdbc:sqlserver:");
        assertThat(DIALECT.maxIdentifierLength()).isEqualTo(128);
    }
}
