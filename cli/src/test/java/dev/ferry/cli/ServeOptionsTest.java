package dev.ferry.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options of {@code ferry serve} that limit requests: rate, burst and body size. */
class ServeOptionsTest {

    @Test
    void theLimitsDefaultTo60AMinuteABurstOf10AndOneMebibyte() {
        ServeCommand serve = parse();
        assertThat(serve.rateLimit).isEqualTo(60);
        assertThat(serve.rateBurst).isEqualTo(10);
        assertThat(serve.maxBody).isEqualTo(1024 * 1024);
    }

    @Test
    void theLimitsAreSetOnTheCommandLine() {
        ServeCommand serve = parse("--rate-limit", "600", "--rate-burst", "50", "--max-body", "256KiB");
        assertThat(serve.rateLimit).isEqualTo(600);
        assertThat(serve.rateBurst).isEqualTo(50);
        assertThat(serve.maxBody).isEqualTo(256 * 1024);
        assertThat(parse("--max-body", "2m").maxBody).isEqualTo(2 * 1024 * 1024);
        assertThat(parse("--max-body", "5000").maxBody).isEqualTo(5000);
    }

    @Test
    void aSizeThatIsNotOneIsAUsageErrorNamingTheOption() {
        assertThatThrownBy(() -> parse("--max-body", "lots")).isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--max-body").hasMessageContaining("'lots' is not a size");
    }

    @Test
    void limitsBelowTheMinimumAreRefusedBeforeTheServerStarts() {
        assertThat(ferry("serve", "--rate-limit", "0")).isEqualTo(ExitCode.USAGE);
        assertThat(ferry("serve", "--rate-burst", "0")).isEqualTo(ExitCode.USAGE);
        assertThat(ferry("serve", "--max-body", "100")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void helpNamesTheOptions() {
        StringWriter out = new StringWriter();
        Ferry.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "serve", "--help");
        assertThat(out.toString()).contains("--rate-limit=N").contains("--rate-burst=N").contains("--max-body=SIZE");
    }

    private static ServeCommand parse(String... args) {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    private static int ferry(String... args) {
        return Ferry.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true), args);
    }
}
