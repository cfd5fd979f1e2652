package dev.ferry.engine.config;

import dev.ferry.api.UrlSecrets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link UrlSecrets} finds the passwords each driver's URL syntax can carry, and masks only those. */
class UrlSecretsTest {

    @Test
    void masksPasswordParametersOfEachSyntax() {
        assertThat(UrlSecrets.mask("jdbc:postgresql://db:5432/app?user=app&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=****&ssl=true");
        assertThat(UrlSecrets.mask("jdbc:sqlserver://db:1433;databaseName=app;PWD={a;b};encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db:1433;databaseName=app;PWD=****;encrypt=true");
        assertThat(UrlSecrets.mask("jdbc:mariadb://app:hunter2@db:3306/app?sslPassword=x&trustStorePassword=y"))
                .isEqualTo("jdbc:mariadb://app:****@db:3306/app?sslPassword=****&trustStorePassword=****");
        assertThat(UrlSecrets.mask("jdbc:postgresql://db/app?pwd=a&passwd=b&accessToken=c&clientSecret=d"))
                .isEqualTo("jdbc:postgresql://db/app?pwd=****&passwd=****&accessToken=****&clientSecret=****");
    }

    @Test
    void leavesUrlsWithoutPasswordsAlone() {
        for (String url : new String[] {"jdbc:sqlite:/data/app.db", "jdbc:postgresql://db:5432/app?user=app&sslmode=require",
                "jdbc:mariadb://app@db/app", "jdbc:sqlserver://db;databaseName=app;user=sa", "jdbc:postgresql://db/app?password="}) {
            assertThat(UrlSecrets.find(url)).as(url).isEmpty();
            assertThat(UrlSecrets.mask(url)).isEqualTo(url);
        }
    }

    @Test
    void credentialNamesOfApisAreSecretAndOrdinaryNamesAreNot() {
        for (String name : new String[] {"api_key", "X-Api-Key".replace('-', '_'), "apikey", "refresh_token", "access_token",
                "client_secret", "code", "authorization_code", "password", "auth_key"}) {
            assertThat(UrlSecrets.isSecretName(name)).as(name).isTrue();
        }
        for (String name : new String[] {"location_id", "practice_id", "region", "country_code", "token_url", "postcode"}) {
            assertThat(UrlSecrets.isSecretName(name)).as(name).isFalse();
        }
    }
}
