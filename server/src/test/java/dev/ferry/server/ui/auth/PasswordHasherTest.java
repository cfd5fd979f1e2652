package dev.ferry.server.ui.auth;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void aHashIsArgon2idInThePhcFormatWithItsSettingsAndARandomSalt() {
        String hash = hasher.hash("correct horse battery staple");
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        String[] parts = hash.split("\\$");
        assertThat(Base64.getDecoder().decode(parts[4])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[5])).hasSize(32);
        assertThat(hasher.hash("correct horse battery staple")).as("a fresh salt each time").isNotEqualTo(hash);
        assertThat(hash).doesNotContain("correct horse");
    }

    @Test
    void theRightPasswordMatchesAndAnyOtherDoesNot() {
        String hash = hasher.hash("correct horse battery staple");
        assertThat(hasher.matches("correct horse battery staple", hash)).isTrue();
        assertThat(hasher.matches("correct horse battery stapler", hash)).isFalse();
        assertThat(hasher.matches("Correct horse battery staple", hash)).isFalse();
        assertThat(hasher.matches("", hash)).isFalse();
        String unicode = hasher.hash("pässwörd-ünïcode-🔑");
        assertThat(hasher.matches("pässwörd-ünïcode-🔑", unicode)).isTrue();
        assertThat(hasher.matches("passwörd-ünïcode-🔑", unicode)).isFalse();
    }

    @Test
    void aTamperedOrMalformedHashMatchesNothing() {
        String password = "correct horse battery staple";
        String hash = hasher.hash(password);
        String[] parts = hash.split("\\$");
        // One bit of the stored hash, of the salt, or a weaker setting: the password no longer matches.
        assertThat(hasher.matches(password, replacePart(hash, 5, flipFirstBit(parts[5])))).isFalse();
        assertThat(hasher.matches(password, replacePart(hash, 4, flipFirstBit(parts[4])))).isFalse();
        assertThat(hasher.matches(password, hash.replace("t=2", "t=1"))).isFalse();
        assertThat(hasher.matches(password, hash.replace("m=19456", "m=8192"))).isFalse();
        assertThat(hasher.matches(password, hash.replace("$argon2id$", "$argon2i$"))).isFalse();
        assertThat(hasher.matches(password, hash.replace("v=19", "v=16"))).isFalse();
        assertThat(hasher.matches(password, hash.replace(",p=1", ",p=1,x=3"))).isFalse();
        for (String malformed : new String[]{"", "plain text", "$argon2id$v=19$m=abc,t=2,p=1$c2FsdA$aGFzaA",
                "$argon2id$v=19$m=19456,t=2,p=1$not*base64$aGFzaA", hash.substring(0, hash.lastIndexOf('$'))}) {
            assertThat(hasher.matches(password, malformed)).as(malformed).isFalse();
        }
    }

    @Test
    void aHashMadeWithOtherSettingsVerifiesWithThoseSettingsBecauseTheyTravelInIt() {
        // Argon2id (RFC 9106) computed here directly, with settings other than the hasher's own.
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.UTF_8);
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(8192).withIterations(3).withParallelism(2).build());
        byte[] derived = new byte[24];
        generator.generateBytes("correct horse battery staple".getBytes(StandardCharsets.UTF_8), derived);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        String older = "$argon2id$v=19$m=8192,t=3,p=2$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derived);

        assertThat(hasher.matches("correct horse battery staple", older)).isTrue();
        assertThat(hasher.matches("correct horse battery staplE", older)).isFalse();
        assertThat(hasher.matches("correct horse battery staple", older.replace("p=2", "p=1"))).isFalse();
        assertThat(hasher.matches("correct horse battery staple", older.replace("m=8192,t=3,p=2", "p=2,t=3,m=8192")))
                .as("the settings are read by name, not by position").isTrue();
    }

    private static String replacePart(String hash, int index, String replacement) {
        String[] parts = hash.split("\\$");
        parts[index] = replacement;
        return String.join("$", parts);
    }

    private static String flipFirstBit(String base64) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        bytes[0] ^= 1;
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}
