package dev.ferry.testkit.convex;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The part of Convex's argument validation ({@code args: {name: v.string(), ...}}) the built-in
 * functions need: every declared argument is required and of its type, and an argument the
 * function does not declare is refused. The messages follow the texts Convex answers with, so a
 * client learns here what a real deployment will tell it.
 */
final class ArgumentValidator {

    /** The validators the built-in functions use. */
    enum Type {
        STRING("v.string()"),
        ARRAY_OF_ANY("v.array(v.any())");

        private final String source;

        Type(String source) {
            this.source = source;
        }

        boolean accepts(ConvexValue value) {
            return switch (this) {
                case STRING -> value instanceof ConvexValue.Str;
                case ARRAY_OF_ANY -> value instanceof ConvexValue.Array;
            };
        }
    }

    private final Map<String, Type> arguments;

    private ArgumentValidator(Map<String, Type> arguments) {
        this.arguments = arguments;
    }

    /** Declared in order: name, type, name, type, ... */
    static ArgumentValidator of(Object... namesAndTypes) {
        Map<String, Type> arguments = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            arguments.put((String) namesAndTypes[i], (Type) namesAndTypes[i + 1]);
        }
        return new ArgumentValidator(arguments);
    }

    void check(ConvexValue.Obj args) {
        arguments.forEach((name, type) -> {
            ConvexValue value = args.get(name);
            if (value == null) {
                throw new ConvexFunctionError("ArgumentValidationError: Object is missing the required field `" + name
                        + "`. Consider wrapping the field validator in `v.optional(...)` if this is expected.");
            }
            if (!type.accepts(value)) {
                throw new ConvexFunctionError("ArgumentValidationError: Value does not match validator.\nPath: ." + name
                        + "\nValue: " + value + "\nValidator: " + type.source);
            }
        });
        for (String name : args.fields().keySet()) {
            if (!arguments.containsKey(name)) {
                throw new ConvexFunctionError("ArgumentValidationError: Object contains extra field `" + name
                        + "` that is not in the validator.");
            }
        }
    }
}
