package dev.ferry.engine.config.loader;

import dev.ferry.api.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigSecretResolverTest {

    @TempDir
    Path dir;

    @Test
    void readsAnEnvironmentVariable() {
        SecretResolver resolver = new SecretResolver(Map.of("PG_PASSWORD", "s3cret value"), dir);

        Secret secret = resolver.resolve("${env:PG_PASSWORD}");

        assertThat(secret.reveal()).isEqualTo("s3cret value");
        assertThat(secret.toString()).isEqualTo("****");
    }

    @Test
    void namesAMissingOrEmptyVariable() {
        SecretResolver resolver = new SecretResolver(Map.of("EMPTY", ""), dir);

        assertThatThrownBy(() -> resolver.resolve("${env:PG_PASSWORD}"))
                .isInstanceOf(SecretException.class).hasMessage("environment variable PG_PASSWORD is not set");
        assertThatThrownBy(() -> resolver.resolve("${env:EMPTY}"))
                .isInstanceOf(SecretException.class).hasMessage("environment variable EMPTY is set but empty");
        assertThatThrownBy(() -> resolver.resolve("${env:not a name}"))
                .hasMessage("'not a name' is not a valid environment variable name in ${env:not a name}; "
                        + "use letters, digits and _");
    }

    @Test
    void readsAFileRelativeToTheBaseDirectoryAndTrimsTrailingLineBreaks() throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/db"), "  from file \r\n\n");
        Path absolute = dir.resolve("absolute.txt").toAbsolutePath();
        Files.writeString(absolute, "abs");
        SecretResolver resolver = new SecretResolver(Map.of(), dir);

        assertThat(resolver.resolve("${file:secrets/db}").reveal()).isEqualTo("  from file ");
        assertThat(resolver.resolve("${file:" + absolute + "}").reveal()).isEqualTo("abs");
    }

    @Test
    void namesAMissingOrEmptyFileWithoutItsContents() throws Exception {
        Files.writeString(dir.resolve("empty"), "\n");
        SecretResolver resolver = new SecretResolver(Map.of(), dir);

        assertThatThrownBy(() -> resolver.resolve("${file:nope}"))
                .isInstanceOf(SecretException.class)
                .hasMessage("secret file " + dir.resolve("nope").normalize() + " cannot be read (NoSuchFileException)");
        assertThatThrownBy(() -> resolver.resolve("${file:empty}"))
                .hasMessage("secret file " + dir.resolve("empty").normalize() + " is empty");
        assertThatThrownBy(() -> resolver.resolve("${file:}"))
                .hasMessage("${file:} needs a path, as in ${file:secrets/db-password}");
    }

    @Test
    void rejectsOtherFormsWithoutEchoingThem() {
        SecretResolver resolver = new SecretResolver(Map.of(), dir);

        assertThatThrownBy(() -> resolver.resolve("plain-password"))
                .hasMessage("a secret must be written as ${env:NAME} or ${file:PATH}");
        assertThatThrownBy(() -> resolver.resolve("${vault:db}"))
                .hasMessage("unknown reference ${vault:...}; use ${env:NAME} or ${file:PATH}, or write $${ for a literal ${");
    }

    @Test
    void passesLiteralsThroughWhenReferencesAreOptional() {
        SecretResolver resolver = new SecretResolver(Map.of("MODE", "require"), dir);

        assertThat(resolver.resolveIfReference("disable")).isEqualTo("disable");
        assertThat(resolver.resolveIfReference("${env:MODE}")).isEqualTo("require");
        assertThat(SecretResolver.isReference("${env:MODE}")).isTrue();
        assertThat(SecretResolver.isReference("$MODE")).isFalse();
    }
}
