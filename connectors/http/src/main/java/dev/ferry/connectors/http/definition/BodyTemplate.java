package dev.ferry.connectors.http.definition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A JSON body whose strings are templates, rendered for one call: each string rendered; a string
 * that is one placeholder alone takes the value's own JSON type when the caller can give it (a
 * record's number stays a number); a value that is missing or null leaves its field or element out.
 */
public final class BodyTemplate {
    private static final Pattern ONE_PLACEHOLDER = Pattern.compile("\\{\\{\\s*[^{}]+?\\s*}}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private BodyTemplate() {
    }

    /**
     * @param values a placeholder's value as text, or null
     * @param typed  a placeholder's value as JSON, or null; null when values are text only
     */
    public static JsonNode render(JsonNode template, Function<String, String> values, Function<String, JsonNode> typed) {
        if (template.isTextual()) {
            String text = template.textValue();
            Template parsed = Template.parse(text);
            if (typed != null && parsed.names().size() == 1 && !parsed.filtered() && ONE_PLACEHOLDER.matcher(text.strip()).matches()) {
                return typed.apply(parsed.names().getFirst());
            }
            return parsed.render(values, value -> value).<JsonNode>map(NODES::textNode).orElse(null);
        }
        if (template.isObject()) {
            ObjectNode out = NODES.objectNode();
            template.fields().forEachRemaining(field -> {
                JsonNode value = render(field.getValue(), values, typed);
                if (value != null) {
                    out.set(field.getKey(), value);
                }
            });
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = NODES.arrayNode();
            template.forEach(element -> {
                JsonNode value = render(element, values, typed);
                if (value != null) {
                    out.add(value);
                }
            });
            return out;
        }
        return template;
    }
}
