package dev.ferry.api;

/**
 * Credentials of one connection that change while it is used (an OAuth refresh token the provider
 * rotates), kept by the engine, sealed, across runs and restarts: without it a rotated token would be
 * lost and the next run refused. Values are never logged or shown. Thread-safe.
 */
public interface CredentialStore {
    /** A store that keeps nothing: for connections opened outside a run (a check, a preview). */
    CredentialStore NONE = new CredentialStore() {
        @Override
        public String load(String name) {
            return null;
        }

        @Override
        public void save(String name, String value) {
        }

        @Override
        public boolean keeps() {
            return false;
        }
    };

    /** The value last saved under {@code name}, or null. */
    String load(String name);

    /** Saves {@code value} under {@code name}; durable when it returns. */
    void save(String name, String value);

    /** Whether saved values outlive this process. */
    default boolean keeps() {
        return true;
    }
}
