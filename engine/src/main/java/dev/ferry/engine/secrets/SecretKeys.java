package dev.ferry.engine.secrets;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.ferry.api.FerryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Encrypts and decrypts stored secrets with Tink AEAD (AES256_GCM) under a keyset kept outside the
 * state store (see {@link KeysetSource}). Each ciphertext is bound to associated data naming its
 * connection and field, so a ciphertext copied to another connection or field does not decrypt.
 *
 * <p>A keyset that is missing, unreadable or wrong never stops the server: it starts, and each use of
 * a secret fails with a message naming the keyset and what to do. When the keyset file is missing and
 * no secret is stored yet, a new keyset is created (mode 0600), at start or at the first secret sealed.
 * When the file changes (a rotation by {@code ferry secrets rotate-key}), it is read again.
 *
 * <p>Thread-safe.
 */
public final class SecretKeys {
    private static final Logger LOG = LoggerFactory.getLogger(SecretKeys.class);
    /** Tink's prefix for a ciphertext of a keyset key: one version byte, then the key's id. */
    private static final byte TINK_PREFIX = 0x01;

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final KeysetSource source;
    private final Supplier<List<String>> connectionsWithSecrets;
    private Loaded loaded;
    private String unavailable;

    private SecretKeys(KeysetSource source, Supplier<List<String>> connectionsWithSecrets) {
        this.source = source;
        this.connectionsWithSecrets = connectionsWithSecrets;
    }

    /** The keys, a sealed value and the key that sealed it. */
    private record Loaded(KeysetHandle handle, Aead aead, Object version) {
    }

    /** A ciphertext in Base64 and the id of the key that made it. */
    public record Sealed(String text, long keyId) {
    }

    /**
     * Reads the keyset, or creates it when its file is missing and no secret is stored yet.
     *
     * @param connectionsWithSecrets the connections that have sealed secrets now, for messages and to
     *                               decide whether a missing keyset may be created
     */
    public static SecretKeys open(KeysetSource source, Supplier<List<String>> connectionsWithSecrets) {
        SecretKeys keys = new SecretKeys(Objects.requireNonNull(source, "source"), connectionsWithSecrets);
        synchronized (keys) {
            keys.load(true);
        }
        if (keys.unavailable != null) {
            LOG.error("Stored secrets cannot be used: {}", keys.unavailable);
        }
        return keys;
    }

    public KeysetSource source() {
        return source;
    }

    /** Why secrets cannot be used now; null when they can. */
    public synchronized String problem() {
        current();
        return unavailable;
    }

    /** Encrypts {@code plaintext} with the primary key, bound to {@code associatedData}. */
    public Sealed seal(String plaintext, byte[] associatedData) {
        Loaded keys = usable();
        try {
            byte[] ciphertext = keys.aead().encrypt(plaintext.getBytes(StandardCharsets.UTF_8), associatedData);
            return new Sealed(Base64.getEncoder().encodeToString(ciphertext), keyIdOf(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new FerryException("A secret cannot be encrypted with the keyset " + source.origin() + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Decrypts a sealed value.
     *
     * @throws FerryException when the keyset is unavailable, or is not the one the value was sealed
     *                        with, or the value was moved from another connection or field
     */
    public String open(String sealed, byte[] associatedData) {
        Loaded keys = usable();
        byte[] ciphertext = Base64.getDecoder().decode(sealed);
        try {
            return new String(keys.aead().decrypt(ciphertext, associatedData), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            long keyId = keyIdOf(ciphertext);
            throw new FerryException("it cannot be decrypted with the keyset " + source.origin() + " (keys "
                    + keyIds(keys.handle()) + "): it was sealed with key " + keyId
                    + (keyIds(keys.handle()).contains(keyId) ? ", which is here, so the value was not stored for this "
                    + "connection and field" : ", which this keyset does not have: it is not the keyset the secret was "
                    + "stored with"));
        }
    }

    /** The associated data of a connection's field: binds a ciphertext to where it belongs. */
    public static byte[] associatedData(String connection, String field) {
        return ("ferry:connection:" + connection + ":" + field).getBytes(StandardCharsets.UTF_8);
    }

    /** The id of the keyset key that made a Tink ciphertext. */
    public static long keyIdOf(byte[] ciphertext) {
        if (ciphertext.length < 5 || ciphertext[0] != TINK_PREFIX) {
            return -1;
        }
        return ((ciphertext[1] & 0xffL) << 24) | ((ciphertext[2] & 0xffL) << 16) | ((ciphertext[3] & 0xffL) << 8)
                | (ciphertext[4] & 0xffL);
    }

    public static long keyIdOf(String sealed) {
        return keyIdOf(Base64.getDecoder().decode(sealed));
    }

    public static List<Long> keyIds(KeysetHandle handle) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < handle.size(); i++) {
            ids.add(handle.getAt(i).getId() & 0xffffffffL);
        }
        return ids;
    }

    public static long primaryId(KeysetHandle handle) {
        return handle.getPrimary().getId() & 0xffffffffL;
    }

    public static KeysetHandle parse(String json, String origin) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new FerryException("The keyset " + origin + " is not a valid Tink keyset in JSON ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    public static String serialize(KeysetHandle handle) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new FerryException("A keyset cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    static KeysetHandle generate() {
        try {
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        } catch (GeneralSecurityException e) {
            throw new FerryException("A new AES256_GCM keyset cannot be generated: " + e.getMessage(), e);
        }
    }

    public static Aead aead(KeysetHandle handle) {
        try {
            return handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new FerryException("The keyset holds no AEAD key usable for secrets: " + e.getMessage(), e);
        }
    }

    private synchronized Loaded usable() {
        current();
        if (loaded == null && unavailable != null && source.isFile() && source.read().isEmpty()) {
            load(true); // the last sealed secret may have been deleted since: a new keyset may now be made
        }
        if (loaded == null) {
            throw new KeysetUnavailableException(unavailable);
        }
        return loaded;
    }

    /** Reads the file again when it changed since it was read. */
    private void current() {
        if (source.isFile() && loaded != null && !Objects.equals(loaded.version(), source.version())) {
            LOG.info("The keyset {} changed; reading it again", source.origin());
            load(false);
        }
    }

    private void load(boolean mayCreate) {
        try {
            var json = source.read();
            if (json.isEmpty()) {
                List<String> sealed = connectionsWithSecrets.get();
                if (!sealed.isEmpty()) {
                    loaded = null;
                    unavailable = "the keyset " + source.origin() + " is missing, but connections " + String.join(", ", sealed)
                            + " have secrets sealed with a keyset. Restore that keyset (or name it with "
                            + KeysetSource.KEYSET_FILE_VARIABLE + " or " + KeysetSource.KEYSET_VARIABLE + "). If it is lost "
                            + "for good, delete those connections or store their secrets again once a new keyset exists";
                    return;
                }
                if (!mayCreate) {
                    loaded = null;
                    unavailable = "the keyset " + source.origin() + " was removed";
                    return;
                }
                KeysetHandle created = generate();
                source.write(serialize(created));
                LOG.info("Created the keyset for stored secrets: {} (mode 0600). Back it up: without it, stored "
                        + "passwords cannot be read", source.origin());
                loaded = new Loaded(created, aead(created), source.version());
            } else {
                KeysetHandle handle = parse(json.get(), source.origin());
                loaded = new Loaded(handle, aead(handle), source.version());
            }
            unavailable = null;
        } catch (FerryException e) {
            loaded = null;
            unavailable = e.getMessage() + ". Restore the keyset the secrets were stored with, or point "
                    + KeysetSource.KEYSET_FILE_VARIABLE + " or " + KeysetSource.KEYSET_VARIABLE + " at it";
        }
    }
}
