package dev.ferry.cli.sync;

import dev.ferry.testkit.convex.FakeConvex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;

/** The pipeline files of {@code examples/convex-to-sqlserver}, as shipped or pointed at test services. */
final class ConvexExampleFiles {
    static final String CRM = "app-crm.yml";
    static final String BOOKINGS = "app-bookings.yml";

    private ConvexExampleFiles() {
    }

    /** The shipped folder. */
    static Path folder() {
        for (Path candidate = Path.of("").toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
            Path folder = candidate.resolve("examples/convex-to-sqlserver");
            if (Files.isDirectory(folder)) {
                return folder;
            }
        }
        throw new IllegalStateException("examples/convex-to-sqlserver not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * The shipped file {@code name} written into {@code into} with its Convex URL and deploy key, its SQL Server
     * connection and its state moved to the test's; every other line as shipped. The key is read from a file
     * beside it, as the fake made it up.
     */
    static Path pointedAt(Path into, String name, FakeConvex app, String warehouseUrl, Path state) throws IOException {
        Path key = Files.writeString(into.resolve(name + ".key"), app.deployKey());
        String yaml = Files.readString(folder().resolve(name));
        String pointed = yaml
                .replaceAll("(?m)^    url: https://.*\\.convex\\.cloud$", "    url: \"" + app.url() + "\"")
                .replaceAll("(?m)^    deploy_key: .*$", Matcher.quoteReplacement("    deploy_key: \"${file:" + key + "}\""))
                .replaceAll("(?m)^    url: jdbc:sqlserver:.*$", Matcher.quoteReplacement("    url: \"" + warehouseUrl + "\""))
                .replaceAll("(?m)^    (user|password): .*\\R", "")
                .replaceAll("(?m)^  url: jdbc:sqlite:.*$", Matcher.quoteReplacement("  url: jdbc:sqlite:" + state));
        assertThat(pointed).doesNotContain("${env:", "jdbc:sqlserver:", "https://");
        assertThat(pointed.lines().count()).as("only the user and password lines removed").isEqualTo(yaml.lines().count() - 2);
        return Files.writeString(into.resolve(name), pointed);
    }
}
