package dev.ferry.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How the user started Ferry, so hints name a command that works from where they stand. */
final class Launcher {

    /** Set by the {@code ferry} launcher script to the path it was called by, such as {@code ./ferry}. */
    static final String PROPERTY = "ferry.command";

    private Launcher() {
    }

    /** {@code ./ferry} (as the launcher was called), {@code java -jar PATH} for the jar, else {@code ferry}. */
    static String command() {
        String launcher = System.getProperty(PROPERTY);
        if (launcher != null && !launcher.isBlank()) {
            return launcher;
        }
        try {
            Path jar = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(jar) && jar.toString().endsWith(".jar")) {
                Path here = Path.of("").toAbsolutePath();
                Path shown = jar.startsWith(here) ? here.relativize(jar) : jar;
                return "java -jar " + shown;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no code source to name; the plain command name is the best hint left
        }
        return "ferry";
    }
}
