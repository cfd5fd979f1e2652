package dev.ferry.engine.config.loader;

import dev.ferry.api.Secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves secret references, so that configuration files hold where a secret lives and never the
 * secret itself:
 * <ul>
 *   <li>{@code ${env:NAME}}: the environment variable {@code NAME};</li>
 *   <li>{@code ${file:PATH}}: the contents of a file, trailing line breaks removed; a relative
 *       {@code PATH} is taken from the base directory (the configuration file's folder).</li>
 * </ul>
 * A reference is always the whole value. Errors name the variable or file, never a value.
 * Instances are immutable and may be shared between threads.
 */
public final class SecretResolver {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z]+):(.*)}", Pattern.DOTALL);
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;
    private final Path baseDirectory;

    /**
     * @param environment   the variables {@code ${env:NAME}} reads; never null
     * @param baseDirectory the directory relative {@code ${file:PATH}} references start from; never null
     */
    public SecretResolver(Map<String, String> environment, Path baseDirectory) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.baseDirectory = Objects.requireNonNull(baseDirectory, "baseDirectory");
    }

    /** A resolver reading this process's environment. */
    public static SecretResolver ofSystem(Path baseDirectory) {
        return new SecretResolver(System.getenv(), baseDirectory);
    }

    /** Whether the value is meant as a reference: it starts with {@code ${} and ends with {@code }}. */
    public static boolean isReference(String value) {
        return value != null && value.startsWith("${") && value.endsWith("}");
    }

    /**
     * The secret a reference points to.
     *
     * @param reference {@code ${env:NAME}} or {@code ${file:PATH}}; never null
     * @throws SecretException when the reference is malformed, the variable is unset or empty, or
     *                         the file cannot be read or is empty
     */
    public Secret resolve(String reference) {
        Objects.requireNonNull(reference, "reference");
        Matcher matcher = REFERENCE.matcher(reference);
        if (!matcher.matches()) {
            throw new SecretException("a secret must be written as ${env:NAME} or ${file:PATH}");
        }
        String source = matcher.group(1);
        String target = matcher.group(2).strip();
        return switch (source) {
            case "env" -> fromEnvironment(target);
            case "file" -> fromFile(target);
            default -> throw new SecretException("unknown secret source '" + source
                    + "'; use ${env:NAME} or ${file:PATH}");
        };
    }

    /** The value itself when it is not a reference, else what the reference points to. */
    public String resolveIfReference(String value) {
        return isReference(value) ? resolve(value).reveal() : value;
    }

    private Secret fromEnvironment(String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new SecretException("'" + name + "' is not a valid environment variable name in ${env:"
                    + name + "}; use letters, digits and _");
        }
        String value = environment.get(name);
        if (value == null) {
            throw new SecretException("environment variable " + name + " is not set");
        }
        if (value.isEmpty()) {
            throw new SecretException("environment variable " + name + " is set but empty");
        }
        return Secret.of(value);
    }

    private Secret fromFile(String pathText) {
        if (pathText.isEmpty()) {
            throw new SecretException("${file:} needs a path, as in ${file:secrets/db-password}");
        }
        Path path = baseDirectory.resolve(pathText).normalize();
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // The exception's own message may quote the file's bytes (malformed input), so only its kind is kept.
            throw new SecretException("secret file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        String value = stripTrailingLineBreaks(content);
        if (value.isEmpty()) {
            throw new SecretException("secret file " + path + " is empty");
        }
        return Secret.of(value);
    }

    private static String stripTrailingLineBreaks(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
