package dev.ferry.server.secrets;

import dev.ferry.engine.secrets.KeysetSource;
import dev.ferry.engine.secrets.SecretKeys;
import dev.ferry.engine.secrets.StoredCredentials;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.ferry.api.FerryException;
import dev.ferry.server.store.Sql;

import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;

/**
 * Rotates the key of stored secrets, in an order where a crash at any point leaves every secret readable:
 * <ol>
 *   <li>a new key is added to the keyset as its primary, the old keys kept, and the keyset file is
 *       replaced in one step: old ciphertexts still decrypt with the old keys;</li>
 *   <li>every stored secret is decrypted and encrypted again under the new key, in one transaction:
 *       either all are re-encrypted or none is;</li>
 *   <li>only when asked, and only when every stored secret is under the new key, the old keys are
 *       removed from the keyset file.</li>
 * </ol>
 * The old keys are kept by default because a server that has not yet read the new keyset (each
 * server reads its keyset file again when it changes, at its next use of a secret) may still seal a
 * secret with an old key in the moment between; and because a backup of the state store taken
 * before the rotation holds ciphertexts only the old keys open. Drop them once every node runs with
 * the new keyset and old backups are no longer needed.
 *
 * <p>Each node of a cluster reads its own copy of the keyset: copy the rotated file to every node.
 */
public final class KeyRotation {

    private KeyRotation() {
    }

    /**
     * @param newPrimary the new key's id
     * @param keys       the ids of the keys the keyset holds afterwards
     * @param resealed   how many secrets were re-encrypted
     * @param skipped    secrets changed by a server during the rotation, already sealed anew by it
     * @param keptBecause why old keys were kept although their removal was asked; null otherwise
     */
    public record Result(long newPrimary, List<Long> keys, int resealed, int skipped, String keptBecause) {
    }

    private record Row(String connection, String field, String sealed) {
    }

    /** A credential a run saved for a connector (a rotated refresh token): see {@link StoredCredentials}. */
    private record CredentialRow(String pipeline, String connection, String name, String sealed) {
        byte[] associatedData() {
            return StoredCredentials.associatedData(pipeline, connection, name);
        }

        Row asRow() {
            return new Row(pipeline + "/" + connection, "credential " + name, sealed);
        }
    }

    private static final String CREDENTIALS = "SELECT pipeline, connection, name, sealed FROM ferry_credential "
            + "ORDER BY pipeline, connection, name";

    /**
     * Rotates the key.
     *
     * @param dropOldKeys whether to remove the old keys once every secret is under the new one
     * @throws FerryException when the keyset cannot be read or written, or a stored secret cannot be
     *                        decrypted (nothing is re-encrypted then; the keyset keeps the old keys)
     */
    public static Result rotate(Sql sql, KeysetSource source, boolean dropOldKeys) {
        if (!source.isFile()) {
            throw new FerryException(KeysetSource.notWritable(source.origin()));
        }
        String json = source.read().orElseThrow(() -> new FerryException("There is no keyset at " + source.origin()
                + " to rotate; the server creates one when it first starts"));
        KeysetHandle old = SecretKeys.parse(json, source.origin());
        // Every secret must open with the keyset as it is before anything changes, the file included.
        Aead before = SecretKeys.aead(old);
        for (Row row : sql.query("read sealed secrets", "SELECT connection, field, sealed FROM ferry_connection_secret",
                result -> new Row(result.getString(1), result.getString(2), result.getString(3)))) {
            reseal(before, row, SecretKeys.associatedData(row.connection(), row.field()), source);
        }
        for (CredentialRow row : sql.query("read sealed credentials", CREDENTIALS, KeyRotation::credential)) {
            reseal(before, row.asRow(), row.associatedData(), source);
        }
        KeysetHandle rotated;
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(old);
            builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId().makePrimary());
            rotated = builder.build();
        } catch (GeneralSecurityException e) {
            throw new FerryException("A new key cannot be added to the keyset " + source.origin() + ": " + e.getMessage(), e);
        }
        source.write(SecretKeys.serialize(rotated));
        long primary = SecretKeys.primaryId(rotated);
        Aead aead = SecretKeys.aead(rotated);

        int[] counts = sql.inTransaction("re-encrypt stored secrets", connection -> {
            List<Row> rows = new ArrayList<>();
            try (PreparedStatement select = Sql.prepare(connection,
                    "SELECT connection, field, sealed FROM ferry_connection_secret ORDER BY connection, field");
                 ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), result.getString(2), result.getString(3)));
                }
            }
            int resealed = 0;
            int skipped = 0;
            for (Row row : rows) {
                byte[] associatedData = SecretKeys.associatedData(row.connection(), row.field());
                String sealed = reseal(aead, row, associatedData, source);
                // Compare and set: a secret stored anew by a server meanwhile is left as that server sealed it.
                try (PreparedStatement update = Sql.prepare(connection, "UPDATE ferry_connection_secret SET sealed = ?, "
                        + "key_id = ? WHERE connection = ? AND field = ? AND sealed = ?", sealed, primary, row.connection(),
                        row.field(), row.sealed())) {
                    if (update.executeUpdate() == 1) {
                        resealed++;
                    } else {
                        skipped++;
                    }
                }
            }
            List<CredentialRow> credentials = new ArrayList<>();
            try (PreparedStatement select = Sql.prepare(connection, CREDENTIALS); ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    credentials.add(credential(result));
                }
            }
            for (CredentialRow row : credentials) {
                String sealed = reseal(aead, row.asRow(), row.associatedData(), source);
                try (PreparedStatement update = Sql.prepare(connection, "UPDATE ferry_credential SET sealed = ?, key_id = ? "
                        + "WHERE pipeline = ? AND connection = ? AND name = ? AND sealed = ?", sealed, primary, row.pipeline(),
                        row.connection(), row.name(), row.sealed())) {
                    if (update.executeUpdate() == 1) {
                        resealed++;
                    } else {
                        skipped++;
                    }
                }
            }
            return new int[]{resealed, skipped};
        });

        String keptBecause = null;
        KeysetHandle result = rotated;
        if (dropOldKeys) {
            TreeSet<String> behind = new TreeSet<>(sql.query("find secrets under old keys",
                    "SELECT connection FROM ferry_connection_secret WHERE key_id <> ?", row -> row.getString(1), primary));
            behind.addAll(sql.query("find credentials under old keys", "SELECT pipeline || '/' || connection FROM "
                    + "ferry_credential WHERE key_id <> ?", row -> row.getString(1), primary));
            if (!behind.isEmpty()) {
                keptBecause = "connections " + String.join(", ", behind) + " still have secrets under an old key "
                        + "(stored by a server during the rotation); run the rotation again";
            } else {
                result = withPrimaryOnly(rotated);
                source.write(SecretKeys.serialize(result));
            }
        }
        return new Result(primary, SecretKeys.keyIds(result), counts[0], counts[1], keptBecause);
    }

    private static CredentialRow credential(ResultSet result) throws java.sql.SQLException {
        return new CredentialRow(result.getString(1), result.getString(2), result.getString(3), result.getString(4));
    }

    /** The secret decrypted and encrypted again with {@code aead}'s primary key. */
    private static String reseal(Aead aead, Row row, byte[] associatedData, KeysetSource source) {
        byte[] plaintext;
        try {
            plaintext = aead.decrypt(Base64.getDecoder().decode(row.sealed()), associatedData);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new FerryException("The " + row.field() + " of connection " + row.connection() + " cannot be decrypted "
                    + "with the keyset " + source.origin() + " (it was sealed with key " + SecretKeys.keyIdOf(row.sealed())
                    + "); nothing was re-encrypted. Restore the keyset it was stored with, or store the connection's "
                    + "secret again with PUT /api/connections/" + row.connection() + ", then rotate again");
        }
        try {
            return Base64.getEncoder().encodeToString(aead.encrypt(plaintext, associatedData));
        } catch (GeneralSecurityException e) {
            throw new FerryException("A secret cannot be encrypted with the new key: " + e.getClass().getSimpleName(), e);
        } finally {
            java.util.Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static KeysetHandle withPrimaryOnly(KeysetHandle handle) {
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle);
            for (int i = builder.size() - 1; i >= 0; i--) {
                if (!builder.getAt(i).isPrimary()) {
                    builder.deleteAt(i);
                }
            }
            return builder.build();
        } catch (GeneralSecurityException e) {
            throw new FerryException("The old keys cannot be removed from the keyset: " + e.getMessage(), e);
        }
    }
}
