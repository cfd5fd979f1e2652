package dev.ferry.connectors.jdbc;

import dev.ferry.api.ConnectionSpec;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** connect_timeout reaches each driver in its own setting, and the user's own setting wins. */
class ConnectionSettingsTest {

    @Test
    void eachDriverGetsTheTimeoutInItsOwnSettingAndUnit() {
        assertThat(settings("postgresql", "jdbc:postgresql://db/app", Map.of()))
                .containsEntry("connectTimeout", "7").containsEntry("loginTimeout", "7")
                .containsEntry("sslResponseTimeout", "7000");
        assertThat(settings("mariadb", "jdbc:mariadb://db/app", Map.of())).containsEntry("connectTimeout", "7000");
        assertThat(settings("sqlserver", "jdbc:sqlserver://db;databaseName=app", Map.of()))
                .containsEntry("loginTimeout", "7").containsEntry("socketTimeout", "7000");
        assertThat(settings("sqlite", "jdbc:sqlite:app.db", Map.of())).isEmpty();
    }

    @Test
    void aSettingGivenInPropertiesOrTheUrlWins() {
        assertThat(settings("postgresql", "jdbc:postgresql://db/app?loginTimeout=60", Map.of("connectTimeout", "30")))
                .containsEntry("connectTimeout", "30").doesNotContainKey("loginTimeout");
        Properties sqlServer = settings("sqlserver", "jdbc:sqlserver://db;socketTimeout=0", Map.of());
        assertThat(sqlServer).doesNotContainKey("socketTimeout");
        assertThat(ConnectionSettings.limitsOnlyTheLogin(spec("sqlserver", "jdbc:sqlserver://db;socketTimeout=0", Map.of())))
                .as("a read timeout the user chose stays").isFalse();
        assertThat(ConnectionSettings.limitsOnlyTheLogin(spec("sqlserver", "jdbc:sqlserver://db", Map.of()))).isTrue();
    }

    private static Properties settings(String type, String url, Map<String, String> properties) {
        return ConnectionSettings.of(spec(type, url, properties));
    }

    private static ConnectionSpec spec(String type, String url, Map<String, String> properties) {
        return new ConnectionSpec("db", type, url, null, null, properties, Map.of(ConnectionSpec.CONNECT_TIMEOUT, "7"));
    }
}
