package dev.ferry.cli.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the public data sets kept next to the repository in {@code shared/datasets/}. They are
 * read-only and shared by every checkout, so tests copy what they write to.
 */
final class SharedDatasets {
    private static final Path DATASETS = Path.of("shared", "datasets");

    private SharedDatasets() {
    }

    /**
     * The folder {@code shared/datasets/<name>/} that holds {@code marker}, found in the working
     * directory or the nearest of its parents.
     *
     * @throws AssertionError when no parent holds it: a missing data set must fail the test, not skip it
     */
    static Path folder(String name, String marker) {
        Path start = Path.of("").toAbsolutePath();
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            Path folder = directory.resolve(DATASETS).resolve(name);
            if (Files.isRegularFile(folder.resolve(marker))) {
                return folder;
            }
        }
        throw new AssertionError("Data set '" + name + "' not found: no " + DATASETS.resolve(name).resolve(marker)
                + " in " + start + " or any of its parents. Put the public data set there (read-only) to run this test.");
    }
}
