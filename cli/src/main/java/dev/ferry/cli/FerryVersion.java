package dev.ferry.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version the build wrote into {@code version.properties}, so it is the same from the packaged
 * jar and from a class path of compiled classes (tests, IDE runs after a Maven build).
 */
final class FerryVersion implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"ferry " + version()};
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = FerryVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        String version = properties.getProperty("version", "");
        // Unfiltered (compiled outside Maven), the file still holds the placeholder.
        return version.isBlank() || version.startsWith("${") ? "(version unknown: not built by Maven)" : version;
    }
}
