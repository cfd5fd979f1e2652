package dev.ferry.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The secret values a test planted, and a search for them wherever the server may have put them:
 * texts (response bodies, log output, audit rows) and the raw bytes of files (the state store's
 * database, its write-ahead log, the data folder). To cover a new kind of secret, plant it with
 * {@link #marker} or {@link #add} and look in the new places with {@link #text} or {@link #files}.
 *
 * <p>Each secret is searched as written and in the forms that a careless encoding would still give
 * away: Base64 and hex of its bytes, and UTF-16 (a database that stores text as UTF-16).
 */
final class SecretScan {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final List<String> findings = new ArrayList<>();
    private final List<String> places = new ArrayList<>();

    /** A fresh random secret value, remembered under {@code label}. */
    String marker(String label) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String value = "sekret" + HexFormat.of().formatHex(bytes);
        add(label, value);
        return value;
    }

    /** Remembers a secret that was made elsewhere, such as a token's value. */
    void add(String label, String value) {
        secrets.put(label, value);
    }

    Map<String, String> secrets() {
        return Map.copyOf(secrets);
    }

    /** Looks for every secret in {@code text}, found at {@code where}. */
    void text(String where, String text) {
        places.add(where);
        if (text == null) {
            return;
        }
        bytes(where, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Looks for every secret in the raw bytes of every file under {@code root}. */
    void files(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                bytes(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the places looked at, for a test to check that the scan saw what it should. */
    List<String> places() {
        return List.copyOf(places);
    }

    /** What was found where: empty when no secret leaked. */
    List<String> findings() {
        return List.copyOf(findings);
    }

    private void bytes(String where, byte[] haystack) {
        if (!places.contains(where)) {
            places.add(where);
        }
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            for (Map.Entry<String, byte[]> form : forms(secret.getValue()).entrySet()) {
                if (indexOf(haystack, form.getValue()) >= 0) {
                    findings.add(secret.getKey() + " (" + form.getKey() + ") in " + where);
                }
            }
        }
    }

    /** Whether {@code text} holds the secret called {@code label}: for a test's checks that the scan can see. */
    boolean holds(String label, String text) {
        return text.contains(secrets.get(label));
    }

    private static Map<String, byte[]> forms(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> forms = new LinkedHashMap<>();
        forms.put("as written", utf8);
        forms.put("UTF-16LE", value.getBytes(StandardCharsets.UTF_16LE));
        forms.put("UTF-16BE", value.getBytes(StandardCharsets.UTF_16BE));
        forms.put("Base64", java.util.Base64.getEncoder().withoutPadding().encodeToString(utf8).getBytes(StandardCharsets.US_ASCII));
        forms.put("hex", HexFormat.of().formatHex(utf8).getBytes(StandardCharsets.US_ASCII));
        return forms;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
