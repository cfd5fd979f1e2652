package dev.ferry.engine.config;

import java.util.Locale;

/** How source names become destination names when no explicit rename is given. */
public enum Naming {
    /** Keep names as the source spells them. */
    AS_IS,
    /** {@code InvoiceLine} becomes {@code invoice_line}, {@code MediaTypeId} becomes {@code media_type_id}. */
    SNAKE_CASE,
    /** Lower-case only: {@code CONDUCE} becomes {@code conduce}. */
    LOWER_CASE;

    public String apply(String name) {
        return switch (this) {
            case AS_IS -> name;
            case LOWER_CASE -> name.toLowerCase(Locale.ROOT);
            case SNAKE_CASE -> toSnakeCase(name);
        };
    }

    private static String toSnakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                boolean afterLowerOrDigit = i > 0 && (Character.isLowerCase(name.charAt(i - 1))
                        || Character.isDigit(name.charAt(i - 1)));
                boolean endsAcronym = i > 0 && Character.isUpperCase(name.charAt(i - 1))
                        && i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if ((afterLowerOrDigit || endsAcronym) && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else if (c == ' ' || c == '-') {
                out.append('_');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
