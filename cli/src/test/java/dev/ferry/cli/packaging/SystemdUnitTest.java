package dev.ferry.cli.packaging;

import dev.ferry.cli.e2e.ChildFerry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * packaging/systemd/ferry.service: the keys a safe service needs, {@code systemd-analyze verify}
 * when the machine has it, and its ExecStart arguments starting a real {@code ferry serve} that
 * answers /health (with the unit's folders moved under a temporary one and port 0).
 */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("..", "packaging", "systemd", "ferry.service");
    private static final Path LAUNCHER = Path.of("..", "ferry");

    @TempDir
    Path dir;

    @Test
    void theUnitRunsAsADedicatedUserStopsGracefullyAndIsHardened() throws IOException {
        Map<String, List<String>> service = section("Service");
        assertThat(one(service, "User")).isEqualTo("ferry");
        assertThat(one(service, "EnvironmentFile")).isEqualTo("-/etc/ferry/ferry.env");
        assertThat(one(service, "Restart")).isEqualTo("on-failure");
        assertThat(one(service, "KillSignal")).isEqualTo("SIGTERM");
        assertThat(one(service, "NoNewPrivileges")).isEqualTo("yes");
        assertThat(one(service, "ProtectSystem")).isEqualTo("strict");
        assertThat(one(service, "ProtectHome")).isEqualTo("yes");
        assertThat(service).doesNotContainKey("MemoryDenyWriteExecute");

        List<String> exec = execStart(service);
        assertThat(exec.subList(0, 2)).containsExactly("/opt/ferry/ferry", "serve");
        long shutdownSeconds = seconds(option(exec, "--shutdown-timeout"));
        assertThat(seconds(one(service, "TimeoutStopSec"))).as("systemd waits longer than Ferry's shutdown timeout")
                .isGreaterThan(shutdownSeconds);

        List<String> writable = Arrays.asList(one(service, "ReadWritePaths").split("\\s+"));
        String state = option(exec, "--state");
        assertThat(state).startsWith("jdbc:sqlite:");
        assertThat(writable).as("the state store and the data folder are writable under ProtectSystem=strict")
                .anySatisfy(path -> assertThat(state.substring("jdbc:sqlite:".length())).startsWith(path + "/"))
                .contains(option(exec, "--data"), one(service, "WorkingDirectory"));
        assertThat(writable).contains("/var/cache/ferry");
        assertThat(service.get("Environment")).contains("XDG_CACHE_HOME=/var/cache", "FERRY_JAR=/opt/ferry/ferry.jar");
        assertThat(Files.readString(LAUNCHER)).as("the launcher runs the jar FERRY_JAR names").contains("${FERRY_JAR:-");
    }

    @Test
    void systemdAnalyzeVerifiesTheUnitWithoutAWord() throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        Path units = Path.of("/usr/lib/systemd/system");
        Assumptions.assumeTrue(Files.isExecutable(analyze) && Files.isDirectory(units),
                "systemd-analyze and the system's units are needed (Debian: apt-get install systemd)");
        // A root of its own, so ExecStart's /opt/ferry/ferry exists without installing anything on this machine.
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("opt/ferry"));
        Files.copy(LAUNCHER, root.resolve("opt/ferry/ferry"));
        Files.createDirectories(root.resolve("etc/systemd/system"));
        Files.copy(UNIT, root.resolve("etc/systemd/system/ferry.service"));
        Files.createDirectories(root.resolve("usr/lib/systemd"));
        copyTree(units, root.resolve("usr/lib/systemd/system"));

        Path output = dir.resolve("verify.txt");
        Process verify = new ProcessBuilder(analyze.toString(), "verify", "--root=" + root, "ferry.service")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // verify exits 0 even for settings it ignores, so any word it says is a failure.
        assertThat(Files.readString(output)).isEmpty();
        assertThat(verify.exitValue()).isZero();
    }

    @Test
    void theExecStartArgumentsStartAServerThatAnswersHealth() throws Exception {
        List<String> exec = execStart(section("Service"));
        List<String> arguments = new ArrayList<>();
        for (String argument : exec.subList(1, exec.size())) {
            arguments.add(argument.replace("/etc/ferry", dir.resolve("etc/ferry").toString())
                    .replace("/var/lib/ferry", dir.resolve("var/lib/ferry").toString()));
        }
        arguments.set(arguments.indexOf("--port") + 1, "0");
        Files.createDirectories(dir.resolve("etc/ferry/pipelines"));
        Files.createDirectories(dir.resolve("var/lib/ferry"));

        Path log = dir.resolve("serve.log");
        Process ferry = ChildFerry.start(dir.resolve("var/lib/ferry"), log, Map.of(), arguments.toArray(String[]::new));
        try {
            AtomicReference<String> url = new AtomicReference<>();
            Pattern listening = Pattern.compile("listening on (http://\\S+)");
            ChildFerry.awaitWhileAlive(ferry, log, "the server to listen", Duration.ofSeconds(60), () -> {
                Matcher matcher = listening.matcher(ChildFerry.logText(log));
                if (matcher.find()) {
                    url.set(matcher.group(1));
                }
                return url.get() != null;
            });
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url.get() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"up\"");
            assertThat(Files.exists(dir.resolve("var/lib/ferry/state.db"))).as("the state store is where the unit says").isTrue();

            ferry.destroy();
            assertThat(ferry.waitFor(seconds(option(exec, "--shutdown-timeout")) + 5, TimeUnit.SECONDS)).isTrue();
            assertThat(ferry.exitValue()).as("systemd counts a SIGTERM stop as success").isZero();
        } finally {
            ferry.destroyForcibly();
        }
    }

    /** The section's keys with every value given, in order (a key may repeat, as Environment= does). */
    private static Map<String, List<String>> section(String name) throws IOException {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String current = null;
        for (String raw : Files.readAllLines(UNIT)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                current = line.substring(1, line.length() - 1);
            } else if (name.equals(current)) {
                int equals = line.indexOf('=');
                keys.computeIfAbsent(line.substring(0, equals).strip(), key -> new ArrayList<>())
                        .add(line.substring(equals + 1).strip());
            }
        }
        assertThat(keys).as("section [" + name + "]").isNotEmpty();
        return keys;
    }

    private static String one(Map<String, List<String>> section, String key) {
        assertThat(section).containsKey(key);
        assertThat(section.get(key)).as(key).hasSize(1);
        return section.get(key).getFirst();
    }

    /** ExecStart split on spaces: the unit quotes nothing, which this checks. */
    private static List<String> execStart(Map<String, List<String>> service) {
        String line = one(service, "ExecStart");
        assertThat(line).doesNotContain("\"").doesNotContain("'").doesNotContain("$");
        return List.of(line.split("\\s+"));
    }

    private static String option(List<String> exec, String name) {
        int at = exec.indexOf(name);
        assertThat(at).as(name + " in ExecStart").isPositive();
        return exec.get(at + 1);
    }

    private static long seconds(String duration) {
        assertThat(duration).matches("\\d+s?");
        return Long.parseLong(duration.replace("s", ""));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isSymbolicLink(path)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
