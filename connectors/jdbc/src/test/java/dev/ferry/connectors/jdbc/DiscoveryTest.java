package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.DiscoveredStream;
import dev.ferry.api.Source;
import dev.ferry.api.StreamRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class DiscoveryTest {
    @TempDir
    Path directory;

    private static Map<String, DiscoveredStream> discover(ConnectionSpec spec) {
        try (Source source = TestDatabases.FACTORY.openSource(spec)) {
            source.check();
            return source.discover().stream().collect(Collectors.toMap(DiscoveredStream::object, Function.identity()));
        }
    }

    @Test
    void postgresTablesViewsKeysAndTypes() {
        ConnectionSpec spec = TestDatabases.postgres();
        TestDatabases.execute(spec,
                "CREATE SCHEMA sales",
                "CREATE TABLE sales.order_lines (order_id bigint, line int2, sku varchar(12) NOT NULL, qty numeric(10,3),"
                        + " price numeric, placed timestamptz, tags text[], PRIMARY KEY (order_id, line))",
                "CREATE TABLE customers (id serial PRIMARY KEY, name text, born date, vip bool, doc jsonb, ref uuid,"
                        + " code char(4), photo bytea, score float4, weight float8, at time, seen timestamp)",
                "CREATE VIEW vip_customers AS SELECT id, name FROM customers WHERE vip");

        Map<String, DiscoveredStream> streams = discover(spec);

        assertThat(streams).containsOnlyKeys("sales.order_lines", "customers", "vip_customers");
        DiscoveredStream lines = streams.get("sales.order_lines");
        assertThat(lines.kind()).isEqualTo(DiscoveredStream.Kind.TABLE);
        assertThat(lines.schema().keyColumns()).containsExactly("order_id", "line");
        assertThat(lines.schema().columns()).containsExactly(
                new Column("order_id", ColumnType.BIGINT, false, 0, 0),
                new Column("line", ColumnType.SMALLINT, false, 0, 0),
                new Column("sku", ColumnType.STRING, false, 12, 0),
                new Column("qty", ColumnType.DECIMAL, true, 10, 3),
                new Column("price", ColumnType.DECIMAL, true, 0, 0),
                new Column("placed", ColumnType.TIMESTAMP_TZ, true, 0, 0),
                new Column("tags", ColumnType.TEXT, true, 0, 0));
        assertThat(streams.get("customers").schema().columns().stream().map(Column::type)).containsExactly(
                ColumnType.INTEGER, ColumnType.TEXT, ColumnType.DATE, ColumnType.BOOLEAN, ColumnType.JSON, ColumnType.UUID,
                ColumnType.STRING, ColumnType.BINARY, ColumnType.FLOAT, ColumnType.DOUBLE, ColumnType.TIME, ColumnType.TIMESTAMP);
        assertThat(streams.get("customers").schema().keyColumns()).containsExactly("id");
        assertThat(streams.get("vip_customers").kind()).isEqualTo(DiscoveredStream.Kind.VIEW);
        assertThat(streams.get("vip_customers").schema().keyColumns()).isEmpty();
    }

    @Test
    void mariadbTablesViewsKeysAndTypes() {
        ConnectionSpec spec = TestDatabases.mariadb();
        TestDatabases.execute(spec,
                "CREATE TABLE order_lines (order_id bigint, line smallint, sku varchar(12) NOT NULL, qty decimal(10,3),"
                        + " placed timestamp NULL, made datetime(6), big bigint unsigned, flag tinyint(1), tiny tinyint,"
                        + " kind enum('a','b'), PRIMARY KEY (order_id, line))",
                "CREATE TABLE customers (id int AUTO_INCREMENT PRIMARY KEY, name text, born date, doc json, ref uuid,"
                        + " code char(4), photo blob, score float, weight double, at time, counter int unsigned)",
                "CREATE VIEW vip_customers AS SELECT id, name FROM customers WHERE score > 1");

        Map<String, DiscoveredStream> streams = discover(spec);

        assertThat(streams).containsOnlyKeys("order_lines", "customers", "vip_customers");
        DiscoveredStream lines = streams.get("order_lines");
        assertThat(lines.kind()).isEqualTo(DiscoveredStream.Kind.TABLE);
        assertThat(lines.schema().keyColumns()).containsExactly("order_id", "line");
        assertThat(lines.schema().columns()).containsExactly(
                new Column("order_id", ColumnType.BIGINT, false, 0, 0),
                new Column("line", ColumnType.SMALLINT, false, 0, 0),
                new Column("sku", ColumnType.STRING, false, 12, 0),
                new Column("qty", ColumnType.DECIMAL, true, 10, 3),
                new Column("placed", ColumnType.TIMESTAMP_TZ, true, 0, 0),
                new Column("made", ColumnType.TIMESTAMP, true, 0, 0),
                new Column("big", ColumnType.DECIMAL, true, 20, 0),
                new Column("flag", ColumnType.BOOLEAN, true, 0, 0),
                new Column("tiny", ColumnType.SMALLINT, true, 0, 0),
                new Column("kind", ColumnType.TEXT, true, 0, 0));
        assertThat(streams.get("customers").schema().columns().stream().map(Column::type)).containsExactly(
                ColumnType.INTEGER, ColumnType.TEXT, ColumnType.DATE, ColumnType.TEXT, ColumnType.UUID,
                ColumnType.STRING, ColumnType.BINARY, ColumnType.FLOAT, ColumnType.DOUBLE, ColumnType.TIME, ColumnType.BIGINT);
        assertThat(streams.get("vip_customers").kind()).isEqualTo(DiscoveredStream.Kind.VIEW);
        assertThat(streams.get("vip_customers").schema().keyColumns()).isEmpty();
        try (Source source = TestDatabases.FACTORY.openSource(spec)) {
            assertThat(source.describe(new StreamRef("v", "vip_customers", null, List.of("id")), List.of()).keyColumns())
                    .containsExactly("id");
        }
    }

    @Test
    void viewsTakeTheirKeyFromTheStreamConfiguration() {
        ConnectionSpec spec = TestDatabases.postgres();
        TestDatabases.execute(spec, "CREATE TABLE t (id int PRIMARY KEY, name text)", "CREATE VIEW v AS SELECT id, name FROM t");
        try (Source source = TestDatabases.FACTORY.openSource(spec)) {
            assertThat(source.describe(new StreamRef("v", "v", null, List.of("id")), List.of("name", "id")).keyColumns())
                    .containsExactly("id");
            assertThat(source.describe(StreamRef.ofObject("t", "public.t"), List.of()).keyColumns()).containsExactly("id");
        }
    }

    @Test
    void sqliteChinookStyleDeclaredTypesAreParsed() {
        ConnectionSpec spec = TestDatabases.sqlite(directory, "chinook");
        TestDatabases.execute(spec,
                "CREATE TABLE [Invoice] ([InvoiceId] INTEGER NOT NULL, [CustomerId] INTEGER NOT NULL,"
                        + " [InvoiceDate] DATETIME NOT NULL, [BillingCity] NVARCHAR(40), [Total] NUMERIC(10,2) NOT NULL,"
                        + " CONSTRAINT [PK_Invoice] PRIMARY KEY ([InvoiceId]))",
                "INSERT INTO [Invoice] VALUES (1, 2, '2009-01-01 00:00:00', 'Stuttgart', 1.98), (2, 4, '2009-01-02 00:00:00', NULL, 3.96),"
                        + " (3, 8, '2009-01-03 00:00:00', 'Brussels', 5.9)",
                "CREATE VIEW big_invoices AS SELECT InvoiceId, Total FROM Invoice WHERE Total > 2");

        Map<String, DiscoveredStream> streams = discover(spec);

        assertThat(streams).containsOnlyKeys("Invoice", "big_invoices");
        assertThat(streams.get("Invoice").schema().keyColumns()).containsExactly("InvoiceId");
        assertThat(streams.get("Invoice").schema().columns()).containsExactly(
                new Column("InvoiceId", ColumnType.BIGINT, false, 0, 0),
                new Column("CustomerId", ColumnType.BIGINT, false, 0, 0),
                new Column("InvoiceDate", ColumnType.TIMESTAMP, false, 0, 0),
                new Column("BillingCity", ColumnType.STRING, true, 40, 0),
                new Column("Total", ColumnType.DECIMAL, false, 10, 2));
        assertThat(streams.get("big_invoices").kind()).isEqualTo(DiscoveredStream.Kind.VIEW);
        assertThat(TestDatabases.readAll(spec, "Invoice")).contains(
                ChangeRecord.upsert(new Object[] {3L, 8L, LocalDateTime.of(2009, 1, 3, 0, 0), "Brussels", new BigDecimal("5.90")}));
        assertThat(TestDatabases.readAll(spec, "big_invoices").stream().map(r -> r.value(1)))
                .containsExactly(new BigDecimal("3.96"), new BigDecimal("5.90"));
    }
}
