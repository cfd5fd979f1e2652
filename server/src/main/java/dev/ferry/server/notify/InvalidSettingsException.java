package dev.ferry.server.notify;

/** A notification setting that cannot be saved, naming the field. Its message never repeats a secret. */
public final class InvalidSettingsException extends IllegalArgumentException {
    private final String field;

    public InvalidSettingsException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
