package dev.ferry.testkit.saas.gohighlevel;

/** A contact custom field a location defines; {@code fieldKey} reads {@code contact.<key>}. */
public record GhlCustomField(String id, String name, String fieldKey, String dataType) {

    /** Whether a request's {@code id} or {@code key} names this field; a key may omit the {@code contact.} prefix. */
    boolean isNamedBy(String idOrKey) {
        return id.equals(idOrKey) || fieldKey.equals(idOrKey) || fieldKey.equals("contact." + idOrKey);
    }
}
