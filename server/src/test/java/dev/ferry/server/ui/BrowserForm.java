package dev.ferry.server.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields a browser would send for a page's form, read from its HTML: inputs with their values
 * (checkboxes and radio buttons only when checked), textareas, and each select's selected option.
 * Enough for the dashboard's own markup, which writes one element a tag with double-quoted attributes.
 */
final class BrowserForm {
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>");
    private static final Pattern SELECT = Pattern.compile("<select\\b([^>]*)>(.*?)</select>", Pattern.DOTALL);
    private static final Pattern OPTION = Pattern.compile("<option\\b([^>]*)>");
    private static final Pattern TEXTAREA = Pattern.compile("<textarea\\b([^>]*)>(.*?)</textarea>", Pattern.DOTALL);

    private BrowserForm() {
    }

    /** The fields of the form with this id. */
    static List<Map.Entry<String, String>> fields(String html, String formId) {
        int start = html.indexOf("<form");
        while (start >= 0 && !html.substring(start, html.indexOf('>', start)).contains("id=\"" + formId + "\"")) {
            start = html.indexOf("<form", start + 1);
        }
        if (start < 0) {
            throw new AssertionError("no form " + formId);
        }
        String form = html.substring(start, html.indexOf("</form>", start));
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        Matcher input = INPUT.matcher(form);
        while (input.find()) {
            String attributes = input.group(1);
            String name = attribute(attributes, "name");
            String type = attribute(attributes, "type");
            if (name == null || (("checkbox".equals(type) || "radio".equals(type)) && !attributes.matches("(?s).*\\schecked\\b.*"))) {
                continue;
            }
            String value = attribute(attributes, "value");
            fields.add(Map.entry(name, value == null ? ("checkbox".equals(type) ? "on" : "") : value));
        }
        Matcher select = SELECT.matcher(form);
        while (select.find()) {
            String name = attribute(select.group(1), "name");
            Matcher option = OPTION.matcher(select.group(2));
            String chosen = null;
            while (option.find()) {
                String value = attribute(option.group(1), "value");
                if (chosen == null || option.group(1).matches("(?s).*\\sselected\\b.*")) {
                    chosen = value;
                    if (option.group(1).matches("(?s).*\\sselected\\b.*")) {
                        break;
                    }
                }
            }
            fields.add(Map.entry(name, chosen == null ? "" : chosen));
        }
        Matcher textarea = TEXTAREA.matcher(form);
        while (textarea.find()) {
            fields.add(Map.entry(attribute(textarea.group(1), "name"), unescape(textarea.group(2))));
        }
        return fields;
    }

    /** The fields with {@code name}'s value replaced. */
    static List<Map.Entry<String, String>> set(List<Map.Entry<String, String>> fields, String name, String value) {
        List<Map.Entry<String, String>> changed = new ArrayList<>();
        boolean found = false;
        for (Map.Entry<String, String> field : fields) {
            if (field.getKey().equals(name)) {
                changed.add(Map.entry(name, value));
                found = true;
            } else {
                changed.add(field);
            }
        }
        if (!found) {
            throw new AssertionError("no field " + name);
        }
        return changed;
    }

    private static String attribute(String attributes, String name) {
        Matcher matcher = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(attributes);
        return matcher.find() ? unescape(matcher.group(1)) : null;
    }

    private static String unescape(String text) {
        return text.replace("&#34;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
