package dev.ferry.testkit.saas;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} options of a standalone fake, checked against the names it knows so
 * that a typo in a benchmark script fails at once instead of running with a default.
 */
public final class ServerOptions {

    private final Map<String, String> values;
    private final String usage;

    private ServerOptions(Map<String, String> values, String usage) {
        this.values = values;
        this.usage = usage;
    }

    /** {@code flags} take no value; every other known name takes one. */
    public static ServerOptions parse(String[] args, Set<String> names, Set<String> flags, String usage) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (flags.contains(name)) {
                values.put(name, "true");
            } else if (names.contains(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value; usage: " + usage);
                }
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + name + "; usage: " + usage);
            }
        }
        ServerOptions options = new ServerOptions(values, usage);
        if (options.text("--info", null) == null) {
            throw new IllegalArgumentException("--info FILE is required (keys and tokens are written there, not to the output);"
                    + " usage: " + usage);
        }
        return options;
    }

    public String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public long number(String name, long fallback) {
        String text = values.get(name);
        try {
            return text == null ? fallback : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " takes a whole number, got '" + text + "'; usage: " + usage);
        }
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    /** A comma-separated list; empty when absent. */
    public List<String> list(String name) {
        String text = values.get(name);
        return text == null || text.isBlank() ? List.of()
                : List.of(text.split(",")).stream().map(String::trim).filter(item -> !item.isEmpty()).toList();
    }

    public Path info() {
        return Path.of(values.get("--info"));
    }
}
