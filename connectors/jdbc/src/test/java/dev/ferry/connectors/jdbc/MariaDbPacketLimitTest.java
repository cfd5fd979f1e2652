package dev.ferry.connectors.jdbc;

import dev.ferry.api.ChangeRecord;
import dev.ferry.api.Column;
import dev.ferry.api.ColumnType;
import dev.ferry.api.ConnectionSpec;
import dev.ferry.api.RejectedValueException;
import dev.ferry.api.StreamSchema;
import dev.ferry.api.WriteMode;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On a real MariaDB server, whatever its {@code max_allowed_packet}: upserts whose rows together
 * exceed it are split into statements that fit, a value just under it is written, and a value
 * over it is refused before it is sent, with the limit named and the connection still usable.
 */
class MariaDbPacketLimitTest {
    private static final StreamSchema SCHEMA = new StreamSchema("docs", List.of(
            new Column("id", ColumnType.BIGINT, false, 0, 0), new Column("body", ColumnType.TEXT, true, 0, 0)),
            List.of("id"));

    @Test
    void upsertsSplitAtThePacketAndRefuseARowThatCannotFit() throws SQLException {
        ConnectionSpec maria = TestDatabases.mariadb();
        long limit = maxAllowedPacket(maria);
        int fifth = (int) (limit / 5);
        List<ChangeRecord> rows = new ArrayList<>();
        for (long id = 1; id <= 6; id++) {
            rows.add(ChangeRecord.upsert(new Object[] {id, String.valueOf((char) ('a' + id)).repeat(fifth)}));
        }
        rows.add(ChangeRecord.upsert(new Object[] {7L, "z".repeat((int) limit - 64 * 1024)}));

        TestDatabases.write(maria, "docs", SCHEMA, WriteMode.UPSERT, rows);

        assertThat(TestDatabases.readAll(maria, "docs")).containsExactlyElementsOf(rows);

        List<ChangeRecord> tooLarge = List.of(ChangeRecord.upsert(new Object[] {8L, "y".repeat((int) limit)}));
        assertThatThrownBy(() -> TestDatabases.write(maria, "docs", SCHEMA, WriteMode.UPSERT, tooLarge))
                .isInstanceOf(RejectedValueException.class)
                .hasMessageStartingWith("table docs, column body, row id=8: ")
                .hasMessageContaining("max_allowed_packet of " + limit + " bytes")
                .hasMessageContaining("SET GLOBAL max_allowed_packet");
        assertThat(TestDatabases.readAll(maria, "docs")).hasSize(7);
    }

    private static long maxAllowedPacket(ConnectionSpec spec) throws SQLException {
        try (Connection connection = DriverManager.getConnection(spec.url());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT @@max_allowed_packet")) {
            result.next();
            return result.getLong(1);
        }
    }
}
