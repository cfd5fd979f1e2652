package dev.ferry.connectors.jdbc.sqlserver;

import dev.ferry.api.FerryException;
import dev.ferry.connectors.jdbc.JdbcConnectorFactory;
import dev.ferry.connectors.jdbc.TableName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlServerDialectTest {
    private static final SqlServerDialect DIALECT = new SqlServerDialect();

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
