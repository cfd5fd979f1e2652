package dev.ferry.cli;

import dev.ferry.server.notify.NotifyOptions;
import dev.ferry.server.notify.SmtpServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotifyServeOptionsTest {

    private static NotifyOptions parse(Map<String, String> environment, String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command.notifyOptions.options(environment);
    }

    @Test
    void nothingGivenMeansNoMailServerAndTheServersOwnUrl() {
        assertThat(parse(Map.of())).isEqualTo(NotifyOptions.NONE);
    }

    @Test
    void theEnvironmentGivesTheMailServerAndThePasswordStaysAReference() {
        NotifyOptions options = parse(Map.of("FERRY_SMTP_HOST", "mail.example.com", "FERRY_SMTP_USER", "ferry",
                "FERRY_SMTP_PASSWORD", "s3cret-value", "FERRY_SMTP_FROM", "ferry@example.com",
                "FERRY_PUBLIC_URL", "https://ferry.example.com/"));
        assertThat(options.smtp()).isEqualTo(new SmtpServer("mail.example.com", 587, SmtpServer.Security.STARTTLS, "ferry",
                "${env:FERRY_SMTP_PASSWORD}", "ferry@example.com"));
        assertThat(options.toString()).doesNotContain("s3cret-value");
        assertThat(options.publicUrl()).isEqualTo("https://ferry.example.com");
    }

    @Test
    void optionsWinOverTheEnvironment() {
        NotifyOptions options = parse(Map.of("FERRY_SMTP_HOST", "mail.example.com", "FERRY_SMTP_USER", "ferry",
                        "FERRY_SMTP_PASSWORD", "x"),
                "--smtp-security", "ssl", "--smtp-user", "robot", "--smtp-password-file", "smtp.pass",
                "--public-url", "http://ferry.internal:8080");
        assertThat(options.smtp()).isEqualTo(new SmtpServer("mail.example.com", 465, SmtpServer.Security.SSL, "robot",
                "${file:" + Path.of("smtp.pass").toAbsolutePath() + "}", SmtpServer.DEFAULT_FROM));
        assertThat(options.publicUrl()).isEqualTo("http://ferry.internal:8080");
        assertThat(parse(Map.of(), "--smtp-host", "relay", "--smtp-security", "none", "--smtp-password-env", "RELAY_PASS",
                "--smtp-user", "u").smtp()).isEqualTo(new SmtpServer("relay", 25, SmtpServer.Security.NONE, "u",
                "${env:RELAY_PASS}", SmtpServer.DEFAULT_FROM));
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> parse(Map.of(), "--smtp-port", "2525")).hasMessageContaining("--smtp-host");
        assertThatThrownBy(() -> parse(Map.of(), "--smtp-host", "h", "--smtp-password-env", "A", "--smtp-password-file", "b"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> parse(Map.of(), "--smtp-host", "h", "--smtp-security", "tls"))
                .hasMessageContaining("none, starttls or ssl");
        assertThatThrownBy(() -> parse(Map.of(), "--smtp-host", "h", "--smtp-password-env", "A"))
                .hasMessageContaining("needs an SMTP user");
        assertThatThrownBy(() -> parse(Map.of(), "--public-url", "ferry.example.com")).hasMessageContaining("http://");
    }
}
