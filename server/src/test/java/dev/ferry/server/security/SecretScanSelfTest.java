package dev.ferry.server.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The scanner finds what it looks for, so that a clean scan means something. */
class SecretScanSelfTest {
    @TempDir
    Path folder;

    @Test
    void aPlantedSecretIsFoundInTextAndInFilesInEachForm() throws Exception {
        SecretScan scan = new SecretScan();
        String secret = scan.marker("planted");
        Files.createDirectories(folder.resolve("deep"));
        Files.write(folder.resolve("plain.db"), ("header\0" + secret + "\0tail").getBytes(StandardCharsets.UTF_8));
        Files.write(folder.resolve("deep/utf16.db"), secret.getBytes(StandardCharsets.UTF_16LE));
        Files.writeString(folder.resolve("encoded.txt"), Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(folder.resolve("clean.txt"), "nothing here");

        scan.files(folder);
        scan.text("a response", "{\"password\": \"" + secret + "\"}");
        scan.text("a clean response", "{\"password\": \"****\"}");

        assertThat(scan.findings()).containsExactlyInAnyOrder("planted (as written) in plain.db",
                "planted (UTF-16LE) in deep/utf16.db".replace('/', java.io.File.separatorChar), "planted (Base64) in encoded.txt",
                "planted (as written) in a response");
        assertThat(scan.places()).contains("clean.txt", "a clean response");
    }
}
