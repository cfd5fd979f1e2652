package dev.ferry.engine.config.loader;

import dev.ferry.api.Secret;
import dev.ferry.engine.config.NotificationConfig;
import dev.ferry.engine.config.loader.Fields.Named;
import dev.ferry.engine.config.loader.YamlNode.YamlList;
import dev.ferry.engine.config.loader.YamlNode.YamlScalar;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads {@code notify:}, where the server sends notices of this pipeline's failures and recoveries:
 * <pre>{@code
 * notify:
 *   email: [ops@example.com]          # one address or a list
 *   webhooks:                         # one URL, or a list of URLs or of maps with url and secret
 *     - url: https://hooks.example.com/ferry
 *       secret: ${env:HOOK_SECRET}    # signs the body (HMAC-SHA256); only a reference, never the key itself
 * }</pre>
 */
final class NotifySection {
    static final List<String> KEYS = List.of("email", "webhooks");
    private static final List<String> WEBHOOK_KEYS = List.of("url", "secret");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final Problems problems;

    NotifySection(Problems problems) {
        this.problems = problems;
    }

    NotificationConfig read(Fields root) {
        YamlNode node = root.get("notify");
        if (node == null) {
            return NotificationConfig.NONE;
        }
        Fields fields = Fields.open(node, "notify", problems, "a map with keys " + Suggestions.join(KEYS), KEYS);
        if (fields == null) {
            return NotificationConfig.NONE;
        }
        List<String> emails = new ArrayList<>();
        for (Named email : fields.names("email")) {
            if (EMAIL.matcher(email.value().strip()).matches()) {
                emails.add(email.value().strip());
            } else {
                problems.add(email.at(), email.path(), "'" + email.value() + "' is not an email address");
            }
        }
        return new NotificationConfig(emails, webhooks(fields));
    }

    private List<NotificationConfig.Webhook> webhooks(Fields fields) {
        YamlNode node = fields.get("webhooks");
        if (node == null) {
            return List.of();
        }
        List<YamlNode> items = node instanceof YamlList list ? list.items() : List.of(node);
        List<NotificationConfig.Webhook> webhooks = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String path = "notify.webhooks" + (node instanceof YamlList ? "[" + i + "]" : "");
            if (item instanceof YamlScalar) {
                String url = url(item, path);
                if (url != null) {
                    webhooks.add(new NotificationConfig.Webhook(url, null));
                }
                continue;
            }
            Fields webhook = Fields.open(item, path, problems, "a URL or a map with url and secret", WEBHOOK_KEYS);
            if (webhook == null) {
                continue;
            }
            if (!webhook.has("url")) {
                webhook.missing("url", "is required: where the notice is POSTed");
                continue;
            }
            String url = url(webhook.get("url"), webhook.pathOf("url"));
            Secret secret = secret(webhook);
            if (url != null) {
                webhooks.add(new NotificationConfig.Webhook(url, secret));
            }
        }
        return webhooks;
    }

    private String url(YamlNode node, String path) {
        String url = Fields.text(node, path, problems);
        if (url == null) {
            return null;
        }
        try {
            URI uri = URI.create(url.strip());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri.toString();
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.add(node, path, "must be an http:// or https:// URL, not " + Fields.quoted(node, url));
        return null;
    }

    /** The signing key: a reference only, so the key never sits in the text of a pipeline. */
    private Secret secret(Fields webhook) {
        YamlNode node = webhook.get("secret");
        if (node == null) {
            return null;
        }
        if (!(node instanceof YamlScalar scalar) || scalar.resolution() == YamlNode.Resolution.LITERAL) {
            webhook.problem("secret", "must be ${env:NAME} or ${file:PATH}: a signing key must not be written in the file");
            return null;
        }
        if (Fields.isUnresolved(node)) {
            return null;
        }
        String value = Fields.text(node, webhook.pathOf("secret"), problems);
        return value == null ? null : Secret.of(value);
    }
}
