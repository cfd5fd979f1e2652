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
 * A password is always a whole reference ({@link #resolve}); any other text may hold references
 * among other characters ({@link #interpolate}), and {@code $${} stands for a literal {@code ${}.
 * Errors name the variable or file, never a value.
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
            default -> throw new SecretException("unknown reference ${" + source
                    + ":...}; use ${env:NAME} or ${file:PATH}, or write $${ for a literal ${");
        };
    }

    /** Whether the text holds a reference anywhere; {@code $${} is a literal, not a reference. */
    public static boolean containsReference(String text) {
        if (text == null) {
            return false;
        }
        for (int i = text.indexOf("${"); i >= 0; i = text.indexOf("${", i + 2)) {
            if (i == 0 || text.charAt(i - 1) != '$') {
                return true;
            }
        }
        return false;
    }

    /** Whether the text holds {@code $${}, which {@link #interpolate} turns into {@code ${}. */
    static boolean containsEscape(String text) {
        return text != null && text.contains("$${");
    }

    /**
     * The text with every reference replaced by what it points to, and every {@code $${} by {@code ${}.
     *
     * @throws SecretException when a reference cannot be resolved or has no closing brace
     */
    public String interpolate(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    throw new SecretException("'${' has no closing '}'; a reference is ${env:NAME} or ${file:PATH}, "
                            + "and $${ stands for a literal ${");
                }
                out.append(resolve(text.substring(i, close + 1)).reveal());
                i = close + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
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
