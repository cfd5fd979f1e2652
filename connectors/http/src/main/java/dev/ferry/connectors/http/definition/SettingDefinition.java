package dev.ferry.connectors.http.definition;

/**
 * A connection property an API definition takes ({@code {{config.<name>}}} in its templates).
 *
 * @param name         the property's name; never null
 * @param required     whether a connection must give it
 * @param secret       whether it is a credential: given only as an {@code ${env:}} or {@code ${file:}}
 *                     reference, never shown, masked in every logged call
 * @param defaultValue its value when the connection gives none; null for none
 */
public record SettingDefinition(String name, boolean required, boolean secret, String defaultValue) {
}
