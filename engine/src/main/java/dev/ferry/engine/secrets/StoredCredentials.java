package dev.ferry.engine.secrets;

import dev.ferry.api.CredentialStore;
import dev.ferry.engine.state.StateStore;

import java.util.function.Supplier;

/**
 * A connection's renewed credentials in the state store, sealed with the keyset of stored secrets
 * and bound to their pipeline, connection and name (a sealed value copied elsewhere does not open).
 * The keyset is opened only when a credential is first saved or read, so a run that renews nothing
 * never creates one.
 */
public final class StoredCredentials implements CredentialStore {
    private final StateStore state;
    private final Supplier<SecretKeys> keys;
    private final String pipeline;
    private final String connection;

    /** @param keys the keyset, opened on first use (memoize it: see {@link #lazily}) */
    public StoredCredentials(StateStore state, Supplier<SecretKeys> keys, String pipeline, String connection) {
        this.state = state;
        this.keys = keys;
        this.pipeline = pipeline;
        this.connection = connection;
    }

    /** {@code open} called once, at the first use. */
    public static Supplier<SecretKeys> lazily(Supplier<SecretKeys> open) {
        return new Supplier<>() {
            private SecretKeys opened;

            @Override
            public synchronized SecretKeys get() {
                if (opened == null) {
                    opened = open.get();
                }
                return opened;
            }
        };
    }

    /** What a credential is bound to: its pipeline and connection, and its name. */
    public static byte[] associatedData(String pipeline, String connection, String name) {
        return SecretKeys.associatedData(pipeline + "/" + connection, "credential." + name);
    }

    @Override
    public String load(String name) {
        return state.sealedCredential(pipeline, connection, name)
                .map(sealed -> keys.get().open(sealed, associatedData(pipeline, connection, name))).orElse(null);
    }

    @Override
    public void save(String name, String value) {
        SecretKeys.Sealed sealed = keys.get().seal(value, associatedData(pipeline, connection, name));
        state.saveSealedCredential(pipeline, connection, name, sealed.text(), sealed.keyId());
    }
}
