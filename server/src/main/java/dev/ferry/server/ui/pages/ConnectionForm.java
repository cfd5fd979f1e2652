package dev.ferry.server.ui.pages;

import java.util.List;

/**
 * What the create and edit form shows. Never a secret: the password field is always empty, and
 * secret properties are listed by name only.
 *
 * @param editing          whether it edits a stored connection (the name is then fixed)
 * @param passwordSet      whether the stored connection has a password
 * @param secretProperties the stored connection's sealed properties, by name
 * @param types            the connector types to choose from
 * @param error            why the last attempt was refused; null for none
 */
public record ConnectionForm(boolean editing, String name, String type, String url, String user, String properties,
                             String options, boolean passwordSet, List<String> secretProperties, List<String> types,
                             String error) {
}
